import { describe, expect, it } from 'vitest';
import type { WorkloadSample } from '../src/migration-impact/hot-path-workload.js';
import type { DdlReport } from '../src/migration-impact/lock-recorder.js';
import type { LockSample } from '../src/migration-impact/lock-sampler.js';
import type { MigrationMeasurement } from '../src/migration-impact/measure-migration.js';
import { judgeMigration } from '../src/migration-impact/migration-impact.js';

const facts = (rows: number, relfilenode = 1) => new Map([['t', { relfilenode, rows }]]);

/** A migration that ran from 100 to 200 ms, on table t holding `rows` rows. */
function measured(parts: Partial<MigrationMeasurement> & { rows?: number }): MigrationMeasurement {
  return {
    fileName: '015_x.sql',
    startedAt: 100,
    endedAt: 200,
    retries: 0,
    before: facts(parts.rows ?? 10),
    after: facts(parts.rows ?? 10),
    samples: [],
    ddl: [],
    ...parts,
  };
}

const lockSample = (at: number, mode: string, waitedMs = 0): LockSample => ({
  at,
  locks: [{ relation: 't', kind: 'r', mode }],
  blocked: waitedMs ? [{ pid: 1, waitedMs }] : [],
});

const ddl = (event: DdlReport['event'], at: number, scans: number, mode?: string): DdlReport => ({
  at,
  event,
  tag: 'ALTER TABLE',
  locks: mode ? [{ relation: 't', kind: 'r', mode }] : [],
  scanCounters: { t: scans },
});

const judge = (measurement: MigrationMeasurement, workload: WorkloadSample[] = []) =>
  judgeMigration(measurement, workload, 0, 1_000);

describe('judgeMigration', () => {
  it('fails a write-blocking lock on a table with rows that the same command scanned', () => {
    const scanned = [
      ddl('ddl_command_start', 110, 5),
      ddl('ddl_command_end', 150, 6, 'AccessExclusiveLock'),
    ];
    const impact = judge(measured({ ddl: scanned }));
    expect(impact.problems.join('\n')).toMatch(
      /held AccessExclusiveLock on t \(10 rows\) while scanning it \(ALTER TABLE\).*NOT VALID/,
    );
    expect(impact.locks[0]).toMatchObject({ scanned: true, heldMs: 90 });
  });

  it('passes the same lock when the command did not scan, or the table is empty', () => {
    const unscanned = [
      ddl('ddl_command_start', 110, 5),
      ddl('ddl_command_end', 150, 5, 'AccessExclusiveLock'),
    ];
    expect(judge(measured({ ddl: unscanned })).problems).toEqual([]);
    const scanned = [
      ddl('ddl_command_start', 110, 0),
      ddl('ddl_command_end', 150, 1, 'AccessExclusiveLock'),
    ];
    expect(judge(measured({ ddl: scanned, rows: 0 })).problems).toEqual([]);
  });

  it('without the recorder, a sampled SHARE lock (CREATE INDEX) on a table with rows still fails', () => {
    const impact = judge(measured({ samples: [lockSample(120, 'ShareLock')] }));
    expect(impact.problems.join('\n')).toContain('CREATE INDEX CONCURRENTLY');
    expect(judge(measured({ samples: [lockSample(120, 'AccessExclusiveLock')] })).problems).toEqual(
      [],
    );
  });

  it('fails a rewrite of a table with rows, naming it', () => {
    const impact = judge(measured({ after: facts(10, 2) }));
    expect(impact.rewritten).toEqual([{ table: 't', rows: 10 }]);
    expect(impact.problems.join('\n')).toMatch(/rewrote t \(10 rows.*backfill it in batches/);
    expect(judge(measured({ rows: 0, after: facts(0, 2) })).problems).toEqual([]);
  });

  it('fails a workload wait over the budget, and reports latency before and during', () => {
    const workload: WorkloadSample[] = [
      { kind: 'discovery ranking', startedAt: 10, endedAt: 12 },
      { kind: 'discovery ranking', startedAt: 90, endedAt: 1_300 },
    ];
    const impact = judge(
      measured({ samples: [lockSample(150, 'AccessExclusiveLock', 1_200)] }),
      workload,
    );
    expect(impact.longestWaitMs).toBe(1_200);
    expect(impact.problems.join('\n')).toContain('waiting 1200 ms, over the 1000 ms budget');
    expect(impact.before).toMatchObject({ count: 1, p50Ms: 2 });
    expect(impact.during).toMatchObject({ count: 1, p99Ms: 1_210 });
    expect(
      judge(measured({ samples: [lockSample(150, 'AccessExclusiveLock', 900)] })).problems,
    ).toEqual([]);
  });
});
