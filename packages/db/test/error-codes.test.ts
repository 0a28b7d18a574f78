import { describe, expect, it } from 'vitest';
import * as db from '../src/index.js';

/** Every error class @ainp/db exports: the exported classes whose instances are Errors. */
type ErrorClass = new (...args: unknown[]) => Error;
const ERROR_CLASSES: [string, ErrorClass][] = Object.entries(db as Record<string, unknown>)
  .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error)
  .map(([name, value]) => [name, value as ErrorClass]);

describe('the errors of @ainp/db', () => {
  it('are exported, more than the base class alone', () => {
    expect(ERROR_CLASSES.map(([name]) => name)).toEqual(
      expect.arrayContaining(['AinpDbError', 'InsufficientCreditError', 'MigrationFailedError']),
    );
  });

  it('each carry a stable code of their own, AINP_ and upper case', () => {
    // One of each, made with placeholder arguments (message, then a name or list, then options).
    const instances = ERROR_CLASSES.map(([exported, ErrorClass]) => ({
      exported,
      error: new ErrorClass('message', 'x', []) as Error & { code?: unknown },
    }));
    for (const { exported, error } of instances) {
      expect(error.name, exported).toBe(exported);
      expect(error.code, exported).toMatch(/^AINP_[A-Z_]+$/);
    }
    const codes = instances.map(({ error }) => error.code);
    expect(new Set(codes).size, 'two classes share a code').toBe(codes.length);
    expect(new db.InsufficientCreditError('m', 'AC001').code).toBe('AINP_INSUFFICIENT_CREDITS');
  });

  it('keep their existing fields', () => {
    const failed = new db.MigrationFailedError('m', '004_x.sql');
    expect([failed.fileName, failed.code, failed instanceof db.AinpDbError]).toEqual([
      '004_x.sql',
      'AINP_MIGRATION_FAILED',
      true,
    ]);
    const refused = new db.InsufficientCreditError('m', 'AC001', { hint: 'Deposit more.' });
    expect([refused.sqlState, refused.hint, refused instanceof db.CreditOperationError]).toEqual([
      'AC001',
      'Deposit more.',
      true,
    ]);
  });
});
