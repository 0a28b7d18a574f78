import path from 'node:path';
import { PACKAGE_DIR } from '../workspace-paths.js';

const GENERATED_DIR = path.join(PACKAGE_DIR, 'src', 'generated');

/** The committed, generated files: the row types, and the Kysely `DB` interface. */
export const GENERATED_FILES = {
  rowTypes: path.join(GENERATED_DIR, 'database-types.ts'),
  kysely: path.join(GENERATED_DIR, 'kysely-database.ts'),
} as const;

/** The committed, generated row types. */
export const GENERATED_TYPES_FILE = GENERATED_FILES.rowTypes;
