import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findWorkspaceRoot, defineCommand, writeLine } from '@ainp/db/commands';

export const docsCommandsCommand = defineCommand({
  name: 'docs commands',
  shortForm: 'pnpm docs:commands',
  summary: 'Write docs/commands.md from every command help text (or --check it).',
  usage: '[--check]',
  examples: ['pnpm docs:commands', 'pnpm docs:commands --check'],
  environment: [],
  exitCodes:
    '0 written (or, with --check, up to date), 1 stale (with --check) or a failure, 2 bad usage.',
  help: `
Writes docs/commands.md from the --help text of every command \`ainp --help\` lists. With
--check it writes nothing and exits 1 when the page is stale.

Options:
  --check      Compare instead of writing.
  -h, --help   Show this help.`,
  options: { check: { type: 'boolean' } },
  async run({ values }, io) {
    const root = findWorkspaceRoot();
    const file = path.join(root, 'docs', 'commands.md');
    const { renderCommandReference } = await import('./command-reference.js');
    const { loadAllCommands } = await import('./command-table.js');
    const rendered = renderCommandReference(await loadAllCommands());
    if (values.check === true) {
      const current = await readFile(file, 'utf8').catch(() => '');
      if (current === rendered) {
        writeLine(io.stdout, 'docs/commands.md matches every --help text.');
        return 0;
      }
      writeLine(io.stdout, 'docs/commands.md is stale: run `pnpm docs:commands` and commit it.');
      return 1;
    }
    await writeFile(file, rendered);
    writeLine(io.stdout, 'Wrote docs/commands.md.');
  },
});
