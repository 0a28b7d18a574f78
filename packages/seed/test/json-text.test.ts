import { describe, expect, it } from 'vitest';
import { planChunks } from '../src/chunk-plan.js';
import { generateChunk } from '../src/generate-chunk.js';
import { jsonMembers, jsonString, jsonText } from '../src/json-text.js';
import { resolveCounts } from '../src/seed-counts.js';
import { SEED_TABLES, type SeedTableName } from '../src/seed-tables.js';

describe('JSON text written by template', () => {
  it('says exactly what JSON.stringify says of every JSON value of a chunk', () => {
    const counts = resolveCounts('small', { agents: 300 });
    const [spec] = planChunks(counts, 3, new Date('2026-01-01T00:00:00Z'), 0, 300);
    let checked = 0;
    generateChunk(spec!, (table: SeedTableName, row) => {
      const types = SEED_TABLES[table].types as Record<string, string>;
      for (const [column, type] of Object.entries(types)) {
        const value = (row as Record<string, unknown>)[column];
        if (type !== 'jsonb' || value === null) continue;
        expect(JSON.parse(jsonText(value)), `${table}.${column}`).toEqual(
          JSON.parse(JSON.stringify(value)),
        );
        checked += 1;
      }
    });
    // Every kind of JSON the seed writes was there: rounds, proposals, splits, metadata, keys.
    expect(checked).toBeGreaterThan(3_000);
  });

  it('escapes what JSON must escape and writes members as JSON.stringify does', () => {
    for (const s of ['plain', 'a "quote"', 'back\\slash', 'line\nbreak', '\u0001', '\ud800', 'é'])
      expect(jsonString(s)).toBe(JSON.stringify(s));
    const value = { b: 1.5, a: 'x', n: null, t: true, nan: NaN, o: { k: [1] }, u: undefined };
    expect(`{${jsonMembers(value, ['b', 'a', 'n', 't', 'nan', 'o', 'u'])}}`).toBe(
      JSON.stringify({ b: 1.5, a: 'x', n: null, t: true, nan: NaN, o: { k: [1] } }),
    );
  });
});
