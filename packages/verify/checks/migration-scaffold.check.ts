import { SCAFFOLD_TODO, unfinishedScaffolds } from '@ainp/db';
import { describe, expect, it } from 'vitest';

describe('new migrations are complete', () => {
  it(`no piece that pnpm migrate:new scaffolded is left unwritten (${SCAFFOLD_TODO} markers)`, async () => {
    const left = await unfinishedScaffolds();
    expect(
      left,
      `write each marked piece (the forward file, its rollback script, its registry entry in rollback-features.ts, its verification tests) and delete its ${SCAFFOLD_TODO} line; then pnpm db:types, pnpm verify --update-snapshot, and an invalid-write case for each new constraint (the typed-rows, schema-drift and invalid-write checks name what is still missing)`,
    ).toEqual([]);
  });
});
