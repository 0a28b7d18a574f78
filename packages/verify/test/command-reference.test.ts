import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findWorkspaceRoot } from '@ainp/db';
import { describe, expect, it } from 'vitest';
import { listCommands, renderCommandReference } from '../src/command-reference.js';

const root = findWorkspaceRoot();

describe('the command reference', () => {
  it('lists every root command that runs one of our CLIs', async () => {
    const commands = (await listCommands(root)).map((entry) => entry.command);
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
    expect(page).toBe(await renderCommandReference(root));
  }, 180_000);

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
