import type { Queryable } from '@ainp/db';
import type pg from 'pg';

/** The migration session's application_name: the event triggers report only for it. */
export const MIGRATION_APPLICATION_NAME = 'ainp-impact-migration';
const NOTICE_PREFIX = 'ainp-impact ';

/** A relation lock one session holds, in one table or index outside the system schemas. */
export interface HeldLock {
  readonly relation: string;
  /** pg_class.relkind: r table, p partitioned table, i index... */
  readonly kind: string;
  readonly mode: string;
}

/** What the migration's own backend reported at the start and end of one DDL command. */
export interface DdlReport {
  readonly at: number;
  readonly event: 'ddl_command_start' | 'ddl_command_end';
  readonly tag: string;
  /** Locks the backend holds (only at the end). */
  readonly locks: readonly HeldLock[];
  /** Per table: seq_scan + seq_tup_read as this backend counts them (since its stats were last flushed). */
  readonly scanCounters: Readonly<Record<string, number>>;
}

// A JSON object of the user tables' sequential-scan counters as this backend sees them now.
const SCAN_COUNTERS = `(SELECT coalesce(json_object_agg(relname, seq_tup_read + seq_scan), '{}')
                        FROM pg_stat_xact_user_tables)`;
/** A JSON array of the relation locks (HeldLock) the backend `pid` holds outside system schemas. */
export function heldLocksSql(pid: string): string {
  return `(SELECT coalesce(json_agg(json_build_object(
             'relation', c.relname, 'kind', c.relkind, 'mode', l.mode)), '[]')
            FROM pg_locks l
            JOIN pg_class c ON c.oid = l.relation
            JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE l.pid = ${pid} AND l.locktype = 'relation' AND l.granted
             AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             AND n.nspname NOT LIKE 'pg_toast%')`;
}

/**
 * Event triggers that make the migration's own backend say, as a NOTICE at the start and end of
 * each DDL command, which relation locks it holds and how many tuples it has scanned per table.
 * Nothing can be missed that way, however short the command: the sampler alone could miss a lock
 * held for less than its interval. Creating event triggers needs a superuser; returns false when
 * the role may not (the check then judges from the sampled locks alone).
 */
export async function installLockRecorder(db: Queryable): Promise<boolean> {
  const body = (event: string, locks: string) => `
    CREATE OR REPLACE FUNCTION ainp_impact_${event}() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF current_setting('application_name') = '${MIGRATION_APPLICATION_NAME}' THEN
        RAISE NOTICE '${NOTICE_PREFIX}%', json_build_object('event', '${event}', 'tag', tg_tag,
          'locks', ${locks}, 'scanCounters', ${SCAN_COUNTERS});
      END IF;
    END $fn$;
    CREATE EVENT TRIGGER ainp_impact_${event} ON ${event} EXECUTE FUNCTION ainp_impact_${event}();`;
  try {
    await db.query(
      `BEGIN; ${body('ddl_command_start', `'[]'::json`)} ${body('ddl_command_end', heldLocksSql('pg_backend_pid()'))} COMMIT;`,
    );
    return true;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => {});
    if ((error as { code?: string }).code === '42501') return false;
    throw error;
  }
}

/** Collects the recorder's notices on the migration's connection; returns a function to stop. */
export function listenToLockRecorder(client: pg.Client, reports: DdlReport[]): () => void {
  const listener = (notice: { message?: string }) => {
    if (!notice.message?.startsWith(NOTICE_PREFIX)) return;
    const report = JSON.parse(notice.message.slice(NOTICE_PREFIX.length)) as Omit<DdlReport, 'at'>;
    reports.push({ ...report, at: performance.now() });
  };
  client.on('notice', listener);
  return () => client.off('notice', listener);
}
