import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { VERIFY_CHECKS_DIR } from './verify-paths.js';

const CHECK_SUFFIX = '.check.ts';

/** The names `pnpm verify --check <name>` takes: each check file's basename, sorted. */
export async function checkNames(dir = VERIFY_CHECKS_DIR): Promise<string[]> {
  return (await readdir(dir))
    .filter((file) => file.endsWith(CHECK_SUFFIX))
    .map((file) => file.slice(0, -CHECK_SUFFIX.length))
    .sort();
}

/** The check file of that name. */
export function checkFile(name: string, dir = VERIFY_CHECKS_DIR): string {
  return path.join(dir, `${name}${CHECK_SUFFIX}`);
}
