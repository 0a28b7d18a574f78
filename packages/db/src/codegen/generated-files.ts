import path from 'node:path';
import { PACKAGE_DIR, VERIFY_DIR } from '../workspace-paths.js';

const GENERATED_DIR = path.join(PACKAGE_DIR, 'src', 'generated');

/**
 * The committed, generated files: the row types, the Kysely `DB` interface, the description of
 * the schema, and that description as the SQL include the verification scripts read.
 */
export const GENERATED_FILES = {
  rowTypes: path.join(GENERATED_DIR, 'database-types.ts'),
  kysely: path.join(GENERATED_DIR, 'kysely-database.ts'),
  schemaDescription: path.join(GENERATED_DIR, 'schema-description.ts'),
  schemaDescriptionSql: path.join(VERIFY_DIR, 'include', 'schema-description.sql'),
} as const;

/** The committed, generated row types. */
export const GENERATED_TYPES_FILE = GENERATED_FILES.rowTypes;
