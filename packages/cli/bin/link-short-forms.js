#!/usr/bin/env node
// Links every workspace short form (bin/short/<name>.js) into the workspace root's
// node_modules/.bin, so `pnpm <name>` runs it directly: pnpm falls back to a bin of that name when
// the root package.json has no such script, and then prints no header and no ELIFECYCLE line.
// pnpm links the package.json `bin` entries itself but skips names with a colon
// (`migrate:status`), so this links those; the root `prepare` script runs it after each install.
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHORT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'short');
const BIN_DIR = path.resolve(SHORT_DIR, '..', '..', '..', '..', 'node_modules', '.bin');

mkdirSync(BIN_DIR, { recursive: true });
let linked = 0;
for (const file of readdirSync(SHORT_DIR).filter((name) => name.endsWith('.js'))) {
  const name = path.basename(file, '.js');
  if (!name.includes(':')) continue;
  const shim = path.join(BIN_DIR, name);
  writeFileSync(shim, `#!/bin/sh\nexec node "${path.join(SHORT_DIR, file)}" "$@"\n`);
  chmodSync(shim, 0o755);
  linked += 1;
}
process.stdout.write(
  `Linked ${linked} workspace short forms (pnpm <name>:<sub>) into ${BIN_DIR}.\n`,
);
