import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtFromCurrentSources, writeStamp } from '../bin/source-stamp.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-stamp-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const source = path.join(dir, 'src', 'a.ts');

describe('the build stamp the launcher trusts', () => {
  it('is missing before a build, and current right after one', async () => {
    await mkdir(path.join(dir, 'src'), { recursive: true });
    await mkdir(path.join(dir, 'dist'), { recursive: true });
    await writeFile(path.join(dir, 'tsconfig.build.json'), JSON.stringify({ include: ['src'] }));
    await writeFile(source, 'export const a = 1;\n');
    expect(builtFromCurrentSources(dir)).toBe(false);
    writeStamp(dir);
    expect(builtFromCurrentSources(dir)).toBe(true);
  });

  it('stays current when a checkout touches a source without changing it', async () => {
    const later = new Date(Date.now() + 60_000);
    await utimes(source, later, later);
    expect(builtFromCurrentSources(dir)).toBe(true);
  });

  it('is stale once a source changes, or a new one appears', async () => {
    await writeFile(source, 'export const a = 2;\n');
    expect(builtFromCurrentSources(dir)).toBe(false);
    writeStamp(dir);
    expect(builtFromCurrentSources(dir)).toBe(true);
    await writeFile(path.join(dir, 'src', 'b.ts'), 'export const b = 1;\n');
    expect(builtFromCurrentSources(dir)).toBe(false);
  });
});
