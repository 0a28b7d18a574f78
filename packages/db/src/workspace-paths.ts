import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The @ainp/db package folder (works from src/ under tsx and from dist/ once built). */
export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Forward migrations, applied in numeric order by the runner. */
export const MIGRATIONS_DIR = path.join(PACKAGE_DIR, 'migrations');

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
