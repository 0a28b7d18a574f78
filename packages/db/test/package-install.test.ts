import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findWorkspaceRoot,
  MIGRATIONS_DIR,
  PACKAGE_DIR,
  ROLLBACKS_DIR,
  VERIFY_DIR,
} from '../src/workspace-paths.js';
// The same build stamp the `ainp` launcher trusts (db's build writes it with this script).
import { builtFromCurrentSources } from '../../cli/bin/source-stamp.js';
import { freshDatabase } from './support.js';

/** The service a consumer writes: migrates, inserts a negotiation with rounds, reads it with Kysely. */
const CONSUMER_FIXTURE = path.join(PACKAGE_DIR, 'test', 'fixtures', 'consumer');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
/** Packing builds dist/ and npm install may download from the registry: minutes on a busy machine. */
const INSTALL_TIMEOUT_MS = 600_000;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...process.env, ...env }, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

const sqlFiles = async (dir: string) =>
  (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();

describe(
  '@ainp/db installed from its tarball, outside the workspace',
  { timeout: INSTALL_TIMEOUT_MS },
  async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'ainp-db-consumer-'));
    afterAll(() => rm(scratch, { recursive: true, force: true }));
    const project = path.join(scratch, 'service');
    const installed = path.join(project, 'node_modules', '@ainp', 'db');

    it('packs with `pnpm --filter @ainp/db pack` and installs with a plain npm install', async () => {
      expect(path.relative(findWorkspaceRoot(), scratch).startsWith('..')).toBe(true);
      // `pnpm test` builds dist/ first (turbo), so packing need not build it again; a dist/ not
      // built from the current sources (vitest run by hand after an edit) is rebuilt by prepack.
      const current = builtFromCurrentSources(PACKAGE_DIR);
      const pack = await run(
        'pnpm',
        [
          '--filter',
          '@ainp/db',
          'pack',
          '--pack-destination',
          scratch,
          ...(current ? ['--config.ignore-scripts=true'] : []),
        ],
        findWorkspaceRoot(),
      );
      expect(pack.code, pack.stderr).toBe(0);
      const tarball = (await readdir(scratch)).find((file) => file.endsWith('.tgz'));
      expect(tarball, pack.stdout).toBeDefined();

      await cp(CONSUMER_FIXTURE, project, { recursive: true });
      await writeFile(
        path.join(project, 'package.json'),
        JSON.stringify({ name: 'ainp-consumer', private: true, type: 'module' }),
      );
      const install = await run(
        'npm',
        // A service that connects through DATABASE_URL needs none of the embedded server's
        // binaries (optional dependencies, about 120 MB for the two majors): --omit=optional.
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--omit=optional',
          path.join(scratch, tarball!),
          'kysely@^0.28',
          'pg',
        ],
        project,
      );
      expect(install.code, install.stderr).toBe(0);
    });

    it('holds dist/, the migrations, the rollbacks and the verification SQL, and no tests', async () => {
      const files = await filesUnder(installed);
      expect(files).toContain('dist/index.js');
      expect(files).toContain('dist/index.d.ts');
      expect(files).toContain('dist/kysely/index.d.ts');
      expect(await sqlFiles(path.join(installed, 'migrations'))).toEqual(
        await sqlFiles(MIGRATIONS_DIR),
      );
      expect(await sqlFiles(path.join(installed, 'rollbacks'))).toEqual(
        await sqlFiles(ROLLBACKS_DIR),
      );
      expect(await sqlFiles(path.join(installed, 'verify'))).toEqual(await sqlFiles(VERIFY_DIR));
      expect(files.filter((file) => /(^|\/)(test|src)\/|\.test(-d)?\.[jt]s$/.test(file))).toEqual(
        [],
      );
      const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8'));
      expect(manifest.type).toBe('module');
      expect(manifest.engines.node).toBe('>=20.19.0');
      expect(manifest.types).toBe('./dist/index.d.ts');
      for (const entry of ['.', './kysely']) {
        expect(Object.keys(manifest.exports[entry]).slice(-2), entry).toEqual(['types', 'default']);
      }
      expect(manifest.peerDependenciesMeta.kysely.optional).toBe(true);
    });

    it("type-checks a Kysely query with tsc --noEmit, the libraries' own types included", async () => {
      const check = await run(process.execPath, [TSC, '--noEmit', '-p', '.'], project);
      expect(check.code, check.stdout).toBe(0);
    });

    it('loads and type-checks without kysely installed (an optional peer)', async () => {
      const plain = path.join(scratch, 'service-without-kysely');
      await cp(CONSUMER_FIXTURE, plain, { recursive: true });
      const tsconfig = JSON.parse(await readFile(path.join(plain, 'tsconfig.json'), 'utf8'));
      await writeFile(
        path.join(plain, 'tsconfig.json'),
        JSON.stringify({ ...tsconfig, include: ['plain.ts'] }),
      );
      await writeFile(
        path.join(plain, 'package.json'),
        JSON.stringify({ name: 'ainp-consumer-plain', private: true, type: 'module' }),
      );
      const tarball = (await readdir(scratch)).find((file) => file.endsWith('.tgz'))!;
      const install = await run(
        'npm',
        ['install', '--no-audit', '--no-fund', path.join(scratch, tarball), 'pg'],
        plain,
      );
      expect(install.code, install.stderr).toBe(0);
      await expect(readdir(path.join(plain, 'node_modules', 'kysely'))).rejects.toThrow();
      const load = await run(
        process.execPath,
        ['--input-type=module', '-e', "await import('@ainp/db');"],
        plain,
      );
      expect(load.code, load.stderr).toBe(0);
      const check = await run(process.execPath, [TSC, '--noEmit', '-p', '.'], plain);
      expect(check.code, check.stdout).toBe(0);
    });

    it('migrates a real database, inserts a negotiation with rounds and reads it back typed', async () => {
      const database = await freshDatabase('empty');
      const build = await run(process.execPath, [TSC, '-p', '.'], project);
      expect(build.code, build.stdout).toBe(0);
      const app = await run(process.execPath, ['out/app.js'], project, {
        DATABASE_URL: database.url,
      });
      expect(app.code, app.stderr).toBe(0);
      const result = JSON.parse(app.stdout);
      expect(result).toMatchObject({
        applied: (await sqlFiles(MIGRATIONS_DIR)).length,
        secondPrice: 1400,
        createdAtIsDate: true,
        convergenceScore: 'number',
        state: 'initiated',
        ttl: 'bigint',
        history: [true],
      });
      expect(result.rounds).toHaveLength(2);
    });
  },
);
