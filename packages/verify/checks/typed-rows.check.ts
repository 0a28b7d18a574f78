import { describe, expect, it } from 'vitest';
import { checkRowTypes } from '../src/row-types-check.js';
import { freshDatabase } from './support.js';

describe('typed rows', async () => {
  const db = await freshDatabase('migrated');

  it('the committed row types are the ones the migrated schema generates (pnpm db:types --check)', async () => {
    const result = await checkRowTypes(db.url);
    expect(result.current, result.output).toBe(true);
    expect(result.output).toMatch(/match the schema of/);
  });
});
