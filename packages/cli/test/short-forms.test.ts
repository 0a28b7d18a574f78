import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAllCommands } from '../src/command-table.js';

const CLI_DIR = path.resolve(import.meta.dirname, '..');

describe('the workspace short forms', () => {
  it('have one bin file each, named after the short form, and no other', async () => {
    const files = (await readdir(path.join(CLI_DIR, 'bin', 'short'))).map((f) =>
      path.basename(f, '.js'),
    );
    const shortForms = (await loadAllCommands())
      .map((c) => c.shortForm?.replace(/^pnpm /, ''))
      .filter((name) => name !== undefined);
    expect(files.sort()).toEqual(shortForms.sort());
  });

  it('are declared as bins where pnpm links them (names without a colon)', async () => {
    const manifest = JSON.parse(await readFile(path.join(CLI_DIR, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const files = await readdir(path.join(CLI_DIR, 'bin', 'short'));
    const expected = Object.fromEntries([
      ['ainp', './bin/ainp.js'],
      ...files
        .filter((f) => !f.includes(':'))
        .map((f) => [path.basename(f, '.js'), `./bin/short/${f}`]),
    ]);
    expect(manifest.bin).toEqual(expected);
  });

  it('are not shadowed by root package.json scripts of the same name', async () => {
    const root = JSON.parse(
      await readFile(path.join(CLI_DIR, '..', '..', 'package.json'), 'utf8'),
    ) as { scripts: Record<string, string> };
    const files = await readdir(path.join(CLI_DIR, 'bin', 'short'));
    for (const f of files) expect(root.scripts, f).not.toHaveProperty(path.basename(f, '.js'));
  });
});
