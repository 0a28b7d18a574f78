import { dbClusterCommand } from './db-cluster.js';
import { dbStartCommand } from './db-start.js';
import { dbStatusCommand } from './db-status.js';
import { dbStopCommand } from './db-stop.js';
import { dbTypesCommand } from './db-types.js';
import { dbUrlCommand } from './db-url.js';
import { migrateNewCommand } from './migrate-new.js';
import { migrateStatusCommand } from './migrate-status.js';
import { migrateCommand } from './migrate.js';
import { rollbackCommand } from './rollback.js';
import type { AnyCommand } from './run-command.js';
import { verifySqlCommand } from './verify-sql.js';

/** @ainp/db's commands, in the order `ainp --help` lists them. */
export const DB_COMMANDS: readonly AnyCommand[] = [
  migrateCommand,
  migrateStatusCommand,
  migrateNewCommand,
  rollbackCommand,
  dbStartCommand,
  dbStopCommand,
  dbStatusCommand,
  dbUrlCommand,
  dbClusterCommand,
  dbTypesCommand,
  verifySqlCommand,
];

export { closestName } from './parser-errors.js';
// Light pieces the other packages' command modules need, without loading the whole library.
export { AinpDbError, UsageError } from '../errors.js';
export { findWorkspaceRoot, MIGRATIONS_DIR, packageDirOf } from '../workspace-paths.js';
export { DEFAULT_MIGRATION_SETTINGS } from '../migrations/migration-settings.js';
export {
  commandLabel,
  DATABASE_ENV,
  STANDARD_EXIT_CODES,
  defineCommand,
  helpText,
  keepRunningWhenOutputCloses,
  processIo,
  runAsProcess,
  runCommand,
  writeLine,
  type AnyCommand,
  type CommandIo,
  type CommandSpec,
} from './run-command.js';
export { capturedIo } from './captured-io.js';
