import { PACKAGE_DIR } from '@ainp/db';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

/** What `pnpm db:types --check` said about one database. */
export interface RowTypesCheck {
  readonly current: boolean;
  /** Its output: "… match the schema of …", or the diff and the error line. */
  readonly output: string;
}

/**
 * Runs the row-type generator's check mode (`pnpm db:types --check`, @ainp/db's own command) on
 * the database at `databaseUrl`, which must be fully migrated: are the committed row types the
 * ones that schema generates? The generator is not exported from @ainp/db's entry point (it loads
 * Prettier, a development tool), so its command is run as a child process.
 */
export async function checkRowTypes(databaseUrl: string): Promise<RowTypesCheck> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const command = path.join(PACKAGE_DIR, 'src', 'cli', 'db-types.ts');
  return promisify(execFile)(process.execPath, [tsx, command, '--check'], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  }).then(
    ({ stdout, stderr }) => ({ current: true, output: `${stdout}${stderr}`.trim() }),
    (error: { code?: number; stdout?: string; stderr?: string; message: string }) => {
      if (error.code !== 1) throw error;
      return { current: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}`.trim() };
    },
  );
}
