import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findWorkspaceRoot } from '@ainp/db/commands';
import { describe, expect, it } from 'vitest';
import { renderCommandReference } from '../src/command-reference.js';
import { loadAllCommands } from '../src/command-table.js';

const root = findWorkspaceRoot();

describe('the command reference', () => {
  it('lists every command, each with its workspace short form', async () => {
    const commands = (await loadAllCommands()).map((command) => command.shortForm);
    expect(commands).toEqual(
      expect.arrayContaining([
        'pnpm migrate',
        'pnpm migrate:status',
        'pnpm migrate:new',
        'pnpm rollback',
        'pnpm seed',
        'pnpm verify',
      ]),
    );
  });

  it('docs/commands.md is what every --help prints (regenerate with pnpm docs:commands)', async () => {
    const page = await readFile(path.join(root, 'docs', 'commands.md'), 'utf8');
    expect(page).toBe(renderCommandReference(await loadAllCommands()));
  });

  it('every help text has a description, options, environment, an example and exit codes', async () => {
    const page = await readFile(path.join(root, 'docs', 'commands.md'), 'utf8');
    const sections = page.split(/^## /m).slice(1);
    expect(sections.length).toBeGreaterThanOrEqual(10);
    for (const section of sections) {
      const name = section.split('\n')[0];
      expect(section, name).toMatch(/^Usage: /m);
      expect(section, name).toMatch(/^Options:$/m);
      expect(section, name).toMatch(/^Environment:$/m);
      expect(section, name).toMatch(/^Examples:\n {2}\S/m);
      expect(section, name).toMatch(/^Exit codes: /m);
    }
  });
});
