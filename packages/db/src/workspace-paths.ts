import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `start` holding a package.json (this module's package). */
export function packageDirOf(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
  return dir;
}

/** The @ainp/db package folder (from src/ under tsx, and from dist/src/ once built). */
export const PACKAGE_DIR = packageDirOf(path.dirname(fileURLToPath(import.meta.url)));

/** Forward migrations, applied in numeric order by the runner. */
export const MIGRATIONS_DIR = path.join(PACKAGE_DIR, 'migrations');

/** Emergency rollback scripts (never applied by the runner; see rollback-features.ts). */
export const ROLLBACKS_DIR = path.join(PACKAGE_DIR, 'rollbacks');

/** SQL verification scripts, runnable with psql or `pnpm verify:sql`. */
export const VERIFY_DIR = path.join(PACKAGE_DIR, 'verify');

/** The workspace root: the nearest folder above the package holding pnpm-workspace.yaml. */
export function findWorkspaceRoot(start = PACKAGE_DIR): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}
