export {
  chooseDatabaseServer,
  DEFAULT_VERIFY_PG_MAJOR,
  openDatabaseServer,
  parseVerifyMajor,
  SUPPORTED_PG_MAJORS,
  type DatabaseServer,
  type DatabaseServerKind,
  type DatabaseServerOptions,
  type SupportedPgMajor,
} from './database-server.js';
export { containerRuntimeReachable } from './container-runtime.js';
export { postgresImage, startPostgresContainer } from './postgres-container.js';
export {
  liveSchemaSnapshot,
  readSchemaSnapshot,
  schemaDrift,
  SchemaDriftError,
  writeSchemaSnapshot,
} from './schema-snapshot.js';
export { INVALID_WRITES, type InvalidWrite, type Rejection, type Write } from './invalid-writes.js';
export { constraintsToCover, coverageGaps } from './constraint-coverage.js';
export { INDEX_QUERY_PATTERNS, type IndexQueryPattern } from './index-query-patterns.js';
export { seedIndexUseData, SEED_SIZE } from './index-use-seed.js';
export { describePlan, explain, indexesInPlan } from './query-plan.js';
export { medianQueryTime } from './query-timing.js';
export {
  lintMigrations,
  readSquawkExcuses,
  staleExcuses,
  unexcusedFindings,
  type SquawkExcuse,
  type SquawkFinding,
} from './squawk-lint.js';
export { VerifyReporter, type CheckResult } from './verify-reporter.js';
export { checkFile, checkNames } from './check-names.js';
export {
  DEFAULT_IMPACT_BUDGET_MS,
  DEFAULT_IMPACT_SCALE,
  FIXTURES_ONLY_SCALE,
  IMPACT_ENV,
  impactSettingsFromEnv,
  seedScale,
  type ImpactSettings,
} from './migration-impact/impact-settings.js';
export {
  migrationsUnderTest,
  type MigrationsUnderTest,
} from './migration-impact/migrations-under-test.js';
export {
  openImpactSession,
  type ImpactSession,
  type MigrationSource,
} from './migration-impact/impact-session.js';
export { judgeMigration, type MigrationImpact } from './migration-impact/migration-impact.js';
export { formatImpact } from './migration-impact/impact-report.js';
export {
  MigrationImpactError,
  type MigrationImpactErrorCode,
} from './migration-impact/impact-errors.js';
