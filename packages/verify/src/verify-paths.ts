import { findWorkspaceRoot, packageDirOf } from '@ainp/db/commands';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The @ainp/verify package folder. */
export const VERIFY_PACKAGE_DIR = packageDirOf(path.dirname(fileURLToPath(import.meta.url)));

/** The workspace root, where the project-wide squawk config lives. */
export const WORKSPACE_ROOT = findWorkspaceRoot(VERIFY_PACKAGE_DIR);

/** The committed snapshot of the expected schema that the drift check compares against. */
export const SCHEMA_SNAPSHOT_FILE = path.join(VERIFY_PACKAGE_DIR, 'schema.snapshot.txt');

/** squawk's rule choices for migrations, and the findings the project excuses. */
export const SQUAWK_CONFIG_FILE = path.join(WORKSPACE_ROOT, '.squawk.toml');

/** The check files, one family of checks each (`<name>.check.ts`). */
export const VERIFY_CHECKS_DIR = path.join(VERIFY_PACKAGE_DIR, 'checks');

/** SQL the checks run (the index-use seed). */
export const VERIFY_SQL_DIR = path.join(VERIFY_PACKAGE_DIR, 'sql');

/** The vitest config holding the `verify` project. */
export const VITEST_CONFIG_FILE = path.join(VERIFY_PACKAGE_DIR, 'vitest.config.ts');
