#!/usr/bin/env node
// Which sources a package's dist/ was built from. Each build ends with
// `node ../cli/bin/source-stamp.js .`, which writes dist/.source-hash: a hash of every TypeScript
// source its tsconfig files compile. The `ainp` launcher runs dist/ only while that hash still
// matches (it hashes only when a source is newer than the stamp, so the usual check is a few
// `stat` calls; a checkout that touched files without changing them stays fast).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every .ts file the package's builds compile, sorted. */
function sourceFiles(dir) {
  const folders = ['tsconfig.build.json', 'tsconfig.bench.json']
    .filter((file) => existsSync(path.join(dir, file)))
    .flatMap((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')).include);
  const files = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts')) files.push(file);
    }
  };
  for (const folder of new Set(folders)) {
    if (existsSync(path.join(dir, folder))) walk(path.join(dir, folder));
  }
  return files.sort();
}

function stampFile(dir) {
  return path.join(dir, 'dist', '.source-hash');
}

function hashSources(dir, files) {
  const hash = createHash('sha1');
  for (const file of files)
    hash.update(path.relative(dir, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

/** True when `dir`'s dist/ was built from the sources as they are now. */
export function builtFromCurrentSources(dir) {
  const stamp = stampFile(dir);
  if (!existsSync(stamp)) return false;
  const files = sourceFiles(dir);
  const stampedAt = statSync(stamp).mtimeMs;
  // Strictly older: file times tick coarsely, so a file written in the same tick may be newer.
  if (files.every((file) => statSync(file).mtimeMs < stampedAt)) return true;
  return readFileSync(stamp, 'utf8').trim() === hashSources(dir, files);
}

/** Writes `dir`'s stamp: run at the end of its build. */
export function writeStamp(dir) {
  writeFileSync(stampFile(dir), `${hashSources(dir, sourceFiles(dir))}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  writeStamp(path.resolve(process.argv[2] ?? '.'));
