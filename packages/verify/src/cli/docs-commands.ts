import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findWorkspaceRoot, runCommand } from '@ainp/db';
import { renderCommandReference } from '../command-reference.js';

await runCommand({
  name: 'pnpm docs:commands',
  usage: 'pnpm docs:commands [--check]',
  examples: ['pnpm docs:commands', 'pnpm docs:commands --check'],
  environment: [],
  exitCodes:
    '0 written (or, with --check, up to date), 1 stale (with --check) or a failure, 2 bad usage.',
  help: `
Writes docs/commands.md from every command's --help text (the commands are the root package.json
scripts that run a CLI). With --check it writes nothing and exits 1 when the page is stale.

Options:
  --check      Compare instead of writing.
  -h, --help   Show this help.`,
  options: { check: { type: 'boolean' } },
  async run({ values }) {
    const root = findWorkspaceRoot();
    const file = path.join(root, 'docs', 'commands.md');
    const rendered = await renderCommandReference(root);
    if (values.check === true) {
      const current = await readFile(file, 'utf8').catch(() => '');
      if (current === rendered) {
        console.log('docs/commands.md matches every --help text.');
        return 0;
      }
      console.log('docs/commands.md is stale: run `pnpm docs:commands` and commit it.');
      return 1;
    }
    await writeFile(file, rendered);
    console.log('Wrote docs/commands.md.');
  },
});
