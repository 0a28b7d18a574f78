// The `ainp` launcher. It runs the compiled commands (dist/, built by `pnpm install` and
// `pnpm build`) when they were built from the sources as they are (see source-stamp.js), which
// starts in well under a second. In the workspace, a source edited after the last build would make
// dist/ lie; then it runs the sources through tsx instead (slower to start, never stale).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtFromCurrentSources } from './source-stamp.js';

const CLI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES_DIR = path.dirname(CLI_DIR);
/** The packages whose compiled code a command runs: this one and its @ainp/ dependencies. */
function workspacePackages() {
  const manifest = JSON.parse(readFileSync(path.join(CLI_DIR, 'package.json'), 'utf8'));
  const deps = Object.keys(manifest.dependencies ?? {}).filter((n) => n.startsWith('@ainp/'));
  return [path.basename(CLI_DIR), ...deps.map((name) => name.slice('@ainp/'.length))];
}

/** Whether dist/ can run: always outside the workspace (no sources), else when current. */
function distIsCurrent() {
  if (!existsSync(path.join(CLI_DIR, 'src'))) return true;
  return workspacePackages().every((name) => {
    const dir = path.join(PACKAGES_DIR, name);
    return !existsSync(dir) || builtFromCurrentSources(dir);
  });
}

/** Runs `ainp <argv...>`; exits with the command's exit code. */
export async function launch(argv) {
  if (distIsCurrent()) {
    const { runAsAinp } = await import('../dist/src/main.js');
    process.exitCode = await runAsAinp(argv);
    return;
  }
  if (process.env.AINP_REQUIRE_DIST === '1') {
    process.stderr.write(
      'error: the compiled commands (dist/) were not built from the current sources, and AINP_REQUIRE_DIST=1 asks for them. Nothing was run. Run `pnpm build` first.\n',
    );
    process.exitCode = 1;
    return;
  }
  const tsx = import.meta.resolve('tsx');
  const child = spawn(
    process.execPath,
    ['--conditions=@ainp/source', '--import', tsx, path.join(CLI_DIR, 'src', 'run.ts'), ...argv],
    { stdio: 'inherit' },
  );
  // Ctrl-C reaches the child too (same process group); this process waits for its exit code.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal === null ? 1 : 128);
  });
}

/** Runs the command whose workspace short form this bin file is named after (`migrate:status`). */
export async function launchShortForm(binUrl) {
  const name = path.basename(fileURLToPath(binUrl), '.js');
  await launch(['--short-form', name, ...process.argv.slice(2)]);
}
