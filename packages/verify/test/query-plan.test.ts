import { describe, expect, it } from 'vitest';
import { describePlan, indexesInPlan } from '../src/query-plan.js';

// The shape EXPLAIN (FORMAT JSON) gives for an OR over two indexed columns.
const plan = {
  'Node Type': 'Limit',
  Plans: [
    {
      'Node Type': 'Sort',
      Plans: [
        {
          'Node Type': 'Bitmap Heap Scan',
          Plans: [
            {
              'Node Type': 'BitmapOr',
              Plans: [
                { 'Node Type': 'Bitmap Index Scan', 'Index Name': 'idx_negotiations_initiator' },
                { 'Node Type': 'Bitmap Index Scan', 'Index Name': 'idx_negotiations_responder' },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe('query plans', () => {
  it('finds every index a plan reads, however deep', () => {
    expect(indexesInPlan(plan)).toEqual([
      'idx_negotiations_initiator',
      'idx_negotiations_responder',
    ]);
    expect(indexesInPlan({ 'Node Type': 'Seq Scan' })).toEqual([]);
  });

  it('describes a plan on one line', () => {
    expect(describePlan(plan)).toBe(
      'Limit > Sort > Bitmap Heap Scan > BitmapOr > [Bitmap Index Scan (idx_negotiations_initiator), Bitmap Index Scan (idx_negotiations_responder)]',
    );
  });
});
