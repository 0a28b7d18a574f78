import path from 'node:path';
import { VERIFY_PACKAGE_DIR } from '../verify-paths.js';

/** The fixture migrations the check must judge as stated, each applied under the workload. */
export const IMPACT_FIXTURES_DIR = path.join(VERIFY_PACKAGE_DIR, 'test/fixtures/migration-impact');

export interface ImpactFixture {
  readonly fileName: string;
  readonly change: string;
  readonly verdict: 'pass' | 'FAIL';
  /** Words the failure must name. */
  readonly names: readonly string[];
}

/** In the order they are applied (906 adds the constraint that 907 validates). */
export const IMPACT_FIXTURES: readonly ImpactFixture[] = [
  {
    fileName: '901_index_without_concurrently.sql',
    change: 'CREATE INDEX on credit_transactions without CONCURRENTLY',
    verdict: 'FAIL',
    names: ['ShareLock on credit_transactions', 'CONCURRENTLY'],
  },
  {
    fileName: '902_index_concurrently.sql',
    change: 'the same index built CONCURRENTLY in a non-transactional file',
    verdict: 'pass',
    names: [],
  },
  {
    fileName: '903_column_volatile_default.sql',
    change: 'ADD COLUMN checked_at timestamptz DEFAULT clock_timestamp() on usefulness_proofs',
    verdict: 'FAIL',
    names: ['rewrote usefulness_proofs', 'backfill it in batches'],
  },
  {
    fileName: '904_column_constant_default.sql',
    change: 'ADD COLUMN with a constant default on usefulness_proofs',
    verdict: 'pass',
    names: [],
  },
  {
    fileName: '905_check_constraint.sql',
    change: 'ADD CONSTRAINT ... CHECK on credit_transactions',
    verdict: 'FAIL',
    names: ['AccessExclusiveLock on credit_transactions', 'NOT VALID'],
  },
  {
    fileName: '906_check_constraint_not_valid.sql',
    change: 'the same CHECK added NOT VALID',
    verdict: 'pass',
    names: [],
  },
  {
    fileName: '907_validate_check_constraint.sql',
    change: 'then VALIDATE CONSTRAINT in a file of its own',
    verdict: 'pass',
    names: [],
  },
];
