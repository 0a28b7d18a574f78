// The `ainp` launcher. It runs the compiled commands (dist/, built by `pnpm install` and
// `pnpm build`) when they are up to date, which starts in well under a second. In the workspace,
// where the TypeScript sources sit beside dist/, a source edited after the last build would make
// dist/ lie; then it runs the sources through tsx instead (slower to start, never stale).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES_DIR = path.dirname(CLI_DIR);
/** The packages whose compiled code a command runs. */
const PACKAGES = ['cli', 'db', 'seed', 'verify'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/** True when `dir`'s compiled entry point is newer than every source its build compiles. */
function builtAndCurrent(dir) {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const entry = path.join(dir, manifest.exports?.['.']?.default ?? 'dist/src/main.js');
  if (!existsSync(entry)) return false;
  const built = statSync(entry).mtimeMs;
  const folders = ['tsconfig.build.json', 'tsconfig.bench.json']
    .filter((file) => existsSync(path.join(dir, file)))
    .flatMap((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')).include);
  return folders.every((folder) => {
    const sources = path.join(dir, folder);
    return !existsSync(sources) || newestSource(sources) <= built;
  });
}

/** Whether dist/ can run: always outside the workspace (no sources), else when current. */
function distIsCurrent() {
  if (!existsSync(path.join(CLI_DIR, 'src'))) return true;
  return PACKAGES.every((name) => {
    const dir = path.join(PACKAGES_DIR, name);
    return !existsSync(dir) || builtAndCurrent(dir);
  });
}

/** Runs `ainp <argv...>`; exits with the command's exit code. */
export async function launch(argv) {
  if (distIsCurrent()) {
    const { main } = await import('../dist/src/main.js');
    process.exitCode = await main(argv);
    return;
  }
  if (process.env.AINP_REQUIRE_DIST === '1') {
    process.stderr.write(
      'error: the compiled commands (dist/) are older than their sources, and AINP_REQUIRE_DIST=1 asks for them. Nothing was run. Run `pnpm build` first.\n',
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
