export {
  DatabaseClient,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type DatabaseClientOptions,
} from './database-client.js';
export {
  resolveDatabaseTarget,
  type DatabaseTarget,
  type ResolveTargetOptions,
} from './database-target.js';
export {
  acquireEmbeddedServer,
  DEFAULT_PG_MAJOR,
  EMBEDDED_PG_MAJORS,
  embeddedDatabaseUrl,
  embeddedServerSettings,
  isEmbeddedServerRunning,
  parseMajor,
  stopEmbeddedServer,
  type EmbeddedPgMajor,
  type EmbeddedServerHandle,
  type EmbeddedServerSettings,
  type Logger,
} from './embedded-server.js';
export {
  describeTarget,
  redactConnectionString,
  validateConnectionString,
} from './connection-string.js';
export { connectionFailure } from './connection-failure.js';
export * from './errors.js';
export {
  runMigrations,
  type AppliedMigration,
  type RunMigrationsOptions,
} from './migration-runner.js';
export { migrationStatus, type MigrationStatus } from './migration-status.js';
export { readMigrationFiles, type MigrationFile } from './migration-files.js';
export {
  readAppliedMigrations,
  ROLLBACK_LOG_DDL,
  type AppliedMigrationRow,
} from './migration-history.js';
export { withMigrationLock, MIGRATION_LOCK_KEY } from './migration-lock.js';
export type { Queryable } from './queryable.js';
export {
  findWorkspaceRoot,
  MIGRATIONS_DIR,
  PACKAGE_DIR,
  ROLLBACKS_DIR,
  VERIFY_DIR,
} from './workspace-paths.js';
export { runCommand, oneLine, type CommandSpec } from './cli/run-command.js';
export {
  formatCatalogSnapshot,
  readCatalogSnapshot,
  type CatalogSnapshot,
} from './catalog-snapshot.js';
export {
  CreditOperations,
  type CreditRequest,
  type EarnRequest,
  type IntentCreditRequest,
  type SpendRequest,
} from './credit-operations.js';
export { toCreditAccountRow } from './credit-account-row.js';
export { CREDIT_SQLSTATES, creditErrorFromDatabase } from './credit-sqlstates.js';
export { refreshUsefulnessCache, refreshUsefulnessCacheAsOf } from './usefulness-cache.js';
export {
  resolveRollbackTarget,
  rollbackOrder,
  ROLLBACK_FEATURES,
  ROLLBACK_TARGETS,
  type RollbackFeature,
} from './rollback-features.js';
export {
  runRollbacks,
  type RolledBackFeature,
  type RunRollbacksOptions,
} from './rollback-runner.js';
export { runSqlScript, type SqlScriptOutcome } from './sql-script.js';
export { runVerifyScripts, VERIFY_SCRIPTS, type VerifyOutcome } from './verify-scripts.js';
export * from './generated/database-types.js';
export type {
  ComputeMetrics,
  CreditAccountSnapshot,
  CreditOperationRequest,
  IncentiveSplit,
  JsonValue,
  LearningMetrics,
  MemoryMetrics,
  NegotiationRound,
  NoMetrics,
  Proposal,
  RoutingMetrics,
  TransactionMetadata,
  UsefulnessMetrics,
  UsefulnessMetricsByWorkType,
  ValidationMetrics,
} from './jsonb-shapes.js';
export {
  createRowTypeParsers,
  MAX_EXACT_NUMERIC_PRECISION,
  type ColumnMetadata,
  type JsKind,
} from './value-representation.js';
export { citusSessionSettings, isCitusDatabase } from './citus/session-settings.js';
export {
  countUnknownResponders,
  hasResponderCheck,
  RESPONDER_CHECK_TRIGGER,
} from './citus/responder-check.js';
export {
  citusMissingReason,
  clusterNodes,
  clusterNodeUrl,
  clusterSettings,
  clusterStatus,
  coordinatorUrl,
  createClusterDatabase,
  dropClusterDatabase,
  startCluster,
  stopCluster,
  type ClusterNode,
  type ClusterSettings,
} from './citus/local-cluster.js';
