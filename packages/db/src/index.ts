export {
  DatabaseClient,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type DatabaseClientOptions,
} from './connection/database-client.js';
export {
  NO_TARGET_MESSAGE,
  resolveDatabaseTarget,
  type DatabaseTarget,
  type ResolveTargetOptions,
} from './connection/database-target.js';
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
} from './embedded-server/embedded-server.js';
export { silentLogger, type Logger } from './logger.js';
export {
  describeTarget,
  isLoopbackTarget,
  redactConnectionString,
  targetHostAndPort,
  validateConnectionString,
} from './connection/connection-string.js';
export { connectionFailure, connectionLostReason } from './connection/connection-failure.js';
export { knownSecrets, redactSecrets, registerSecret } from './connection/secret-redaction.js';
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
} from './migrations/migration-runner.js';
export {
  DEFAULT_MIGRATION_SETTINGS,
  DISABLE_TRANSACTION_HEADER,
  fileSettings,
  MIGRATION_SETTINGS_ENV,
  runSettings,
  type FileSettings,
  type MigrationSettings,
} from './migrations/migration-settings.js';
export { formatDuration, parseDuration } from './duration.js';
export { readInvalidIndexes, type InvalidIndex } from './migrations/invalid-indexes.js';
export { describeHolder, type LockHolder } from './locks/lock-watcher.js';
export { LOCK_NOT_AVAILABLE, retryWaitMs, withLockRetries } from './locks/lock-retry.js';
export { splitSqlStatements } from './migrations/sql-statements.js';
export {
  scaffoldMigration,
  SCAFFOLD_TODO,
  unfinishedScaffolds,
  type ScaffoldedMigration,
} from './migrations/migration-scaffold.js';
export { migrationStatus, type MigrationStatus } from './migrations/migration-status.js';
export {
  loadMigrations,
  readMigrationFiles,
  type EngineMigration,
  type MigrationFile,
} from './migrations/migration-files.js';
export {
  readAppliedMigrations,
  ROLLBACK_LOG_DDL,
  type AppliedMigrationRow,
} from './migrations/migration-history.js';
export { withMigrationLock, MIGRATION_LOCK_KEY } from './migrations/migration-lock.js';
export type { Queryable } from './connection/queryable.js';
export {
  findWorkspaceRoot,
  packageDirOf,
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
  runAsProcess,
  defineCommand,
  commandLabel,
  processIo,
  writeLine,
  STANDARD_EXIT_CODES,
  oneLine,
  type AnyCommand,
  type CommandIo,
  type CommandSpec,
} from './cli/run-command.js';
export { closestName } from './cli/parser-errors.js';
export {
  formatCatalogSnapshot,
  readCatalogSnapshot,
  type CatalogSnapshot,
} from './codegen/catalog-snapshot.js';
export {
  CreditOperations,
  type CreditRequest,
  type EarnRequest,
  type IntentCreditRequest,
  type SpendRequest,
} from './credits/credit-operations.js';
export { toCreditAccountRow } from './credits/credit-account-row.js';
export { CREDIT_SQLSTATES, creditErrorFromDatabase } from './credits/credit-sqlstates.js';
export {
  refreshUsefulnessCache,
  refreshUsefulnessCacheAsOf,
} from './usefulness/usefulness-cache.js';
export {
  resolveRollbackTarget,
  rollbackOrder,
  ROLLBACK_FEATURES,
  ROLLBACK_TARGETS,
  type RollbackFeature,
} from './rollbacks/rollback-features.js';
export {
  runRollbacks,
  type RolledBackFeature,
  type RunRollbacksOptions,
} from './rollbacks/rollback-runner.js';
export { runSqlScript, type SqlScriptOutcome } from './sql-scripts/sql-script.js';
export { expandIncludes, readSqlScript } from './sql-scripts/sql-includes.js';
export {
  runVerifyScripts,
  VERIFY_SCRIPTS,
  type VerifyOutcome,
} from './sql-scripts/verify-scripts.js';
export * from './generated/database-types.js';
export {
  SCHEMA_DESCRIPTION,
  TABLES_IN_FOREIGN_KEY_ORDER,
  type DescribedTableName,
} from './generated/schema-description.js';
export type {
  ColumnDescription,
  ForeignKeyDescription,
  SchemaDescription,
  TableDescription,
} from './schema-description/schema-description-types.js';
export {
  DATA_TABLES_IN_FOREIGN_KEY_ORDER,
  describedTable,
  inForeignKeyOrder,
  notNullColumns,
  type DataTableName,
} from './schema-description/described-tables.js';
export { json, JsonParameter, type JsonInput } from './connection/json-parameter.js';
export { RUNNER_TABLES, type RunnerTableName } from './migrations/runner-tables.js';
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
} from './codegen/jsonb-shapes.js';
export {
  createRowTypeParsers,
  MAX_EXACT_NUMERIC_PRECISION,
  type ColumnMetadata,
  type JsKind,
} from './connection/value-representation.js';
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
export { startThrowawayServer, type ThrowawayServer } from './embedded-server/throwaway-server.js';
export {
  createScratchDatabase,
  dropDatabase,
  type ScratchDatabase,
} from './connection/scratch-database.js';
