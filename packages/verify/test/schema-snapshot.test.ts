import { describe, expect, it } from 'vitest';
import { addedLines, SchemaDriftError, schemaDrift } from '../src/schema-snapshot.js';

const committed = [
  'table agents',
  'column agents.did text NOT NULL',
  'column agents.id uuid NOT NULL',
  '',
].join('\n');

describe('schemaDrift', () => {
  it('is undefined when the live schema matches the snapshot', () => {
    expect(schemaDrift(committed, committed)).toBeUndefined();
  });

  it('is a unified diff naming what the database has and the snapshot lacks', () => {
    const live = committed.replace(
      'column agents.id',
      'column agents.nickname text\ncolumn agents.id',
    );
    const drift = schemaDrift(committed, live) ?? '';
    expect(drift).toContain('--- schema.snapshot.txt (committed)');
    expect(drift).toContain('+++ migrated database (live catalog)');
    expect(drift).toMatch(/^@@ -1,3 \+1,4 @@$/m);
    expect(addedLines(drift)).toEqual(['column agents.nickname text']);
    expect(new SchemaDriftError(drift).message).toContain('pnpm verify --update-snapshot');
  });

  it('marks a line the database no longer has with -', () => {
    const live = committed.replace('column agents.did text NOT NULL\n', '');
    expect(schemaDrift(committed, live)).toMatch(/^-column agents\.did text NOT NULL$/m);
  });
});
