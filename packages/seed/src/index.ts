export {
  seedDatabase,
  SEED_LOCK_KEY,
  type RowCounts,
  type SeedObserver,
  type SeedReport,
  type SeedTarget,
} from './seed-database.js';
export {
  DEFAULT_REF_DATE,
  DEFAULT_SEED,
  DEFAULT_WORKERS,
  MAX_SEED,
  resolveSeedOptions,
  type SeedFlags,
  type SeedMode,
  type SeedOptions,
} from './seed-options.js';
export {
  COUNT_FLAGS,
  DEFAULT_SCALE,
  MAX_AGENTS,
  MAX_ROWS_PER_TABLE,
  resolveCounts,
  SCALE_NAMES,
  SCALE_PRESETS,
  type ScaleName,
  type SeedCounts,
} from './seed-counts.js';
export {
  applyLedgerEntry,
  availableCredit,
  EMPTY_LEDGER,
  LEDGER_EFFECTS,
  LEDGER_TOTALS,
  ledgerDeltaSql,
  ledgerTotalSql,
  LedgerRuleError,
  type LedgerState,
  type LedgerTotal,
} from './ledger-rules.js';
export { checkSeedInvariants, SEED_INVARIANTS, type SeedInvariant } from './seed-invariants.js';
export { tableChecksums } from './table-checksums.js';
export { agentIdentity, type AgentIdentity } from './agent-identity.js';
export { SEED_TABLE_NAMES, SEED_TABLES, type Seeded, type SeedTableName } from './seed-tables.js';
export { SeedLoadError, SeedResetRefusedError, SeedTargetNotEmptyError } from './errors.js';
export {
  inspectReset,
  nonEmptySeededTables,
  resetRefusal,
  resetSeededTables,
  type ReferencingTable,
  type ResetInspection,
  type ResetPermissions,
  type SeededTableRows,
} from './reset-seeded-tables.js';
export { describeReset, preflightReset, productionRefusal } from './reset-guard.js';
export { recordSeedRun, SEED_RUNS_SCHEMA, SEED_RUNS_TABLE, seededXmins } from './seed-runs.js';
export { isInteractive, seedProgress } from './seed-progress.js';
