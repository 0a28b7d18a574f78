export {
  DatabaseClient,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type DatabaseClientOptions,
} from './database-client.js';
export {
  NO_TARGET_MESSAGE,
  resolveDatabaseTarget,
  type DatabaseTarget,
  type ResolveTargetOptions,
} from './database-target.js';
export {
  acquireEmbeddedServer,
  DEFAULT_PG_MAJOR,
  EMBEDDED_PG_MAJORS,
  embeddedDatabaseUrl,
  embeddedPasswordFile,
  embeddedServerSettings,
  readEmbeddedPassword,
  readPostmasterStatus,
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
  isLoopbackTarget,
  redactConnectionString,
  targetHostAndPort,
  validateConnectionString,
} from './connection-string.js';
export { connectionFailure, connectionLostReason } from './connection-failure.js';
export { knownSecrets, redactSecrets, registerSecret } from './secret-redaction.js';
export {
  askYes,
  confirmDestructive,
  needsConfirmation,
  requireTerminalOrYes,
  type DestructiveAction,
} from './cli/confirm.js';
export * from './errors.js';
export {
  planPendingMigrations,
  runMigrations,
  type AppliedMigration,
  type PendingMigration,
  type RunMigrationsOptions,
} from './migration-runner.js';
export {
  DEFAULT_MIGRATION_SETTINGS,
  DISABLE_TRANSACTION_HEADER,
  fileSettings,
  MIGRATION_SETTINGS_ENV,
  runSettings,
  type FileSettings,
  type MigrationSettings,
} from './migration-settings.js';
export { formatDuration, parseDuration } from './duration.js';
export { readInvalidIndexes, type InvalidIndex } from './invalid-indexes.js';
export { describeHolder, type LockHolder } from './lock-watcher.js';
export { LOCK_NOT_AVAILABLE, retryWaitMs, withLockRetries } from './lock-retry.js';
export { splitSqlStatements } from './sql-statements.js';
export {
  scaffoldMigration,
  SCAFFOLD_TODO,
  unfinishedScaffolds,
  type ScaffoldedMigration,
} from './migration-scaffold.js';
export { migrationStatus, type MigrationStatus } from './migration-status.js';
export {
  loadMigrations,
  readMigrationFiles,
  type EngineMigration,
  type MigrationFile,
} from './migration-files.js';
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
export {
  DEFAULT_STATE_IF_LOST,
  failureMessage,
  DATABASE_ENV,
  helpText,
  runCommand,
  STANDARD_EXIT_CODES,
  oneLine,
  type CommandSpec,
} from './cli/run-command.js';
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
export { expandIncludes, readSqlScript } from './sql-includes.js';
export { runVerifyScripts, VERIFY_SCRIPTS, type VerifyOutcome } from './verify-scripts.js';
export * from './generated/database-types.js';
export { json, JsonParameter, type JsonInput } from './json-parameter.js';
export { RUNNER_TABLES } from './runner-tables.js';
export * from './queries/index.js';
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
