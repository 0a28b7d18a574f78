import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/** A root `pnpm <name>` script and the package script it runs. */
export interface CommandEntry {
  /** As the user types it: `pnpm migrate`. */
  readonly command: string;
  readonly packageDir: string;
  /** The package script's command line, e.g. `tsx src/cli/migrate.ts`. */
  readonly script: string;
}

const FILTERED = /^pnpm --silent --filter (@ainp\/[\w-]+) run ([\w:-]+)$/;
const TURBO = /^turbo run ([\w:-]+)\b/;

async function readScripts(dir: string): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts ?? {};
}

/**
 * Every command the root package.json offers that runs one of our CLIs (`pnpm --silent --filter
 * <pkg> run <script>`, or `turbo run <task>` for a task only @ainp/db has), read from the
 * manifests: the one source of which commands exist.
 */
export async function listCommands(root: string): Promise<CommandEntry[]> {
  const packages = new Map<string, string>();
  for (const dir of ['db', 'seed', 'verify']) {
    const manifest = JSON.parse(
      await readFile(path.join(root, 'packages', dir, 'package.json'), 'utf8'),
    ) as { name: string };
    packages.set(manifest.name, path.join(root, 'packages', dir));
  }
  const entries: CommandEntry[] = [];
  for (const [name, line] of Object.entries(await readScripts(root))) {
    const filtered = FILTERED.exec(line);
    const turbo = TURBO.exec(line);
    const pkg = filtered?.[1] ?? (turbo ? '@ainp/db' : undefined);
    const scriptName = filtered?.[2] ?? turbo?.[1];
    const packageDir = pkg === undefined ? undefined : packages.get(pkg);
    if (packageDir === undefined || scriptName === undefined) continue;
    const script = (await readScripts(packageDir))[scriptName];
    if (script === undefined || !script.startsWith('tsx ')) continue;
    entries.push({ command: `pnpm ${name}`, packageDir, script });
  }
  return entries;
}

/** What `<command> --help` prints, run the way its package script runs it. */
export async function helpOf(entry: CommandEntry): Promise<string> {
  const [, ...args] = entry.script.split(/\s+/);
  const tsx = path.join(entry.packageDir, 'node_modules', '.bin', 'tsx');
  const { stdout } = await promisify(execFile)(tsx, [...args, '--help'], {
    cwd: entry.packageDir,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return stdout;
}

/** docs/commands.md: every command's --help, in the root package.json's order. */
export async function renderCommandReference(root: string): Promise<string> {
  const entries = await listCommands(root);
  const helps = await Promise.all(entries.map((entry) => helpOf(entry)));
  const sections = entries.map(
    (entry, i) => `## \`${entry.command}\`\n\n\`\`\`text\n${helps[i]!.trimEnd()}\n\`\`\`\n`,
  );
  return `# Command reference

Generated from each command's \`--help\` by \`pnpm docs:commands\`; a test fails when this page and
the help texts differ. Every command prints one \`error:\` line on stderr and exits 2 on bad usage
or 1 on a runtime failure, and never prints a password.

${sections.join('\n')}`;
}
