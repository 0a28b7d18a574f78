import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'smol-toml';

/** One problem squawk reports in a migration. */
export interface SquawkFinding {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly rule: string;
  readonly message: string;
  readonly help: string;
}

/** A finding the project accepts, with the reason, kept in the squawk config's `[[excused]]`. */
export interface SquawkExcuse {
  readonly file: string;
  readonly rule: string;
  readonly reason: string;
}

interface RawFinding {
  file: string;
  line: number;
  rule_name: string;
  message: string;
  help?: string | null;
}

/** The squawk binary that squawk-cli installed for this platform (an optional dependency). */
export function squawkBinary(): string {
  const require = createRequire(import.meta.url);
  const cli = require('squawk-cli/js/index.js') as { getBinaryPath(): string };
  return cli.getBinaryPath();
}

/**
 * Runs squawk over `files` with the project's config and returns every finding. squawk exits 1
 * when it finds anything, so the exit code is not an error; output that is not squawk's JSON is.
 * `ownTransaction`: the files open and commit their own transaction (the rollback scripts), so
 * the config's assume_in_transaction does not apply to them.
 */
export async function lintMigrations(
  files: readonly string[],
  configFile: string,
  options: { ownTransaction?: boolean } = {},
): Promise<SquawkFinding[]> {
  const args = [
    '--config',
    configFile,
    '--reporter',
    'json',
    ...(options.ownTransaction ? ['--no-assume-in-transaction'] : []),
    ...files,
  ];
  const { stdout, stderr } = await promisify(execFile)(squawkBinary(), args, {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string; code?: number }) => {
    if (error.code === 1 && error.stdout)
      return { stdout: error.stdout, stderr: error.stderr ?? '' };
    throw error;
  });
  let raw: RawFinding[];
  try {
    raw = JSON.parse(stdout) as RawFinding[];
  } catch {
    throw new Error(`squawk did not answer with JSON: ${(stderr || stdout).trim()}`);
  }
  return raw.map((finding) => ({
    file: path.basename(finding.file),
    line: finding.line + 1,
    rule: finding.rule_name,
    message: finding.message,
    help: finding.help ?? '',
  }));
}

/** The `[[excused]]` entries of the squawk config; each must name a file, a rule and a reason. */
export async function readSquawkExcuses(configFile: string): Promise<SquawkExcuse[]> {
  const config = parse(await readFile(configFile, 'utf8')) as { excused?: unknown };
  const entries = (config.excused ?? []) as Partial<SquawkExcuse>[];
  return entries.map((entry, index) => {
    if (!entry.file || !entry.rule || !entry.reason?.trim()) {
      throw new Error(
        `${path.basename(configFile)}: [[excused]] entry ${index + 1} needs a file, a rule and a reason.`,
      );
    }
    return { file: entry.file, rule: entry.rule, reason: entry.reason };
  });
}

const excuseKey = (item: { file: string; rule: string }) => `${item.file} ${item.rule}`;

/** Findings no excuse covers, as `file:line rule: message` lines. */
export function unexcusedFindings(
  findings: readonly SquawkFinding[],
  excuses: readonly SquawkExcuse[],
): string[] {
  const excused = new Set(excuses.map(excuseKey));
  return findings
    .filter((finding) => !excused.has(excuseKey(finding)))
    .map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message} ${f.help}`.trim());
}

/** Excuses that match no finding any more (fixed, or the file is gone): they should be removed. */
export function staleExcuses(
  findings: readonly SquawkFinding[],
  excuses: readonly SquawkExcuse[],
): string[] {
  const found = new Set(findings.map(excuseKey));
  return excuses.filter((excuse) => !found.has(excuseKey(excuse))).map(excuseKey);
}
