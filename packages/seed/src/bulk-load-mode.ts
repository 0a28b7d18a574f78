import {
  countUnknownResponders,
  hasResponderCheck,
  isCitusDatabase,
  RESPONDER_CHECK_TRIGGER,
  type Queryable,
} from '@ainp/db';
import { SEED_TABLE_NAMES } from './seed-tables.js';

/**
 * Loading into EMPTY tables, maintaining every index and checking every foreign key row by row
 * costs several times more than building the indexes once from the loaded rows and checking each
 * foreign key with one set-based query. So, inside the load's transaction, this drops the seeded
 * tables' foreign keys, secondary indexes, and primary keys and unique constraints, and
 * `restore()` re-creates each from the definition PostgreSQL printed for it, under the same name
 * and with its comment: keys first (each re-checks every row for duplicates), then foreign keys
 * (each re-checks every row for orphans), then the indexes. The schema is the same afterwards (the
 * catalog snapshot test proves it); if anything fails, the transaction rolls the drops back too.
 * Kept, and so maintained row by row, are a key that a foreign key from outside the seeded tables
 * depends on, and every key on Citus (a distributed table's keys are its shards'). Other sessions
 * wait on the tables' locks until the load commits.
 */
export interface BulkLoadMode {
  /** What was set aside: index and constraint names. */
  readonly indexes: readonly string[];
  readonly foreignKeys: readonly string[];
  readonly keys: readonly string[];
  restore(): Promise<void>;
}

/** Index builds and foreign-key checks sort and hash: let them use memory for this load. */
export const BULK_LOAD_MAINTENANCE_WORK_MEM = '256MB';

interface Saved {
  readonly name: string;
  readonly table: string;
  readonly definition: string;
  readonly comment: string | null;
  /** A key's index may carry a comment of its own; null for the rest. */
  readonly indexComment?: string | null;
}

export async function enterBulkLoadMode(q: Queryable): Promise<BulkLoadMode> {
  const tables = [...SEED_TABLE_NAMES];
  const { rows: indexes } = await q.query<Saved>(
    `SELECT i.indexrelid::regclass::text AS name, i.indrelid::regclass::text AS table,
            pg_get_indexdef(i.indexrelid) AS definition,
            obj_description(i.indexrelid, 'pg_class') AS comment
       FROM pg_index AS i
      WHERE i.indrelid = ANY ($1::regclass[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)
      ORDER BY 1`,
    [tables],
  );
  const foreignKeys = await constraintsOf(q, tables, `c.contype = 'f'`);
  // Primary keys and unique constraints that no foreign key outside the seeded tables depends on
  // (those inside are dropped first, below).
  const keys = (await isCitusDatabase(q))
    ? []
    : await constraintsOf(
        q,
        tables,
        `c.contype IN ('p', 'u')
         AND NOT EXISTS (SELECT 1 FROM pg_constraint AS f
                          WHERE f.contype = 'f' AND f.conindid = c.conindid
                            AND f.conrelid <> ALL ($1::regclass[]))`,
      );
  await q.query(`SET LOCAL maintenance_work_mem = '${BULK_LOAD_MAINTENANCE_WORK_MEM}'`);
  for (const fk of foreignKeys) await q.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  for (const key of keys) await q.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${key.name}`);
  // On Citus a trigger stands in for the responder FK; like the FKs, it is checked once, set-based.
  const responderCheck = await hasResponderCheck(q);
  if (responderCheck) {
    await q.query(`ALTER TABLE negotiations DISABLE TRIGGER ${RESPONDER_CHECK_TRIGGER}`);
  }
  // One index a statement: Citus refuses to drop several distributed objects in one command.
  for (const index of indexes) await q.query(`DROP INDEX ${index.name}`);

  return {
    indexes: indexes.map((i) => i.name),
    foreignKeys: foreignKeys.map((fk) => fk.name),
    keys: keys.map((key) => key.name),
    async restore() {
      if (responderCheck) {
        await q.query(`ALTER TABLE negotiations ENABLE TRIGGER ${RESPONDER_CHECK_TRIGGER}`);
        const unknown = await countUnknownResponders(q);
        if (unknown > 0) {
          throw new Error(
            `${unknown} negotiation responder(s) are not registered agents (${RESPONDER_CHECK_TRIGGER})`,
          );
        }
      }
      // Keys before the foreign keys that need them; each add re-checks every row.
      for (const constraint of [...keys, ...foreignKeys]) {
        await q.query(
          `ALTER TABLE ${constraint.table} ADD CONSTRAINT ${constraint.name} ${constraint.definition}`,
        );
        if (constraint.comment !== null) {
          await q.query(
            `COMMENT ON CONSTRAINT ${constraint.name} ON ${constraint.table} IS ${literal(constraint.comment)}`,
          );
        }
        if (constraint.indexComment != null) {
          await q.query(
            `COMMENT ON INDEX ${constraint.name} IS ${literal(constraint.indexComment)}`,
          );
        }
      }
      for (const index of indexes) {
        await q.query(index.definition);
        if (index.comment !== null) {
          await q.query(`COMMENT ON INDEX ${index.name} IS ${literal(index.comment)}`);
        }
      }
    },
  };
}

/** The seeded tables' constraints that match `condition` (on `c`, with $1 the tables). */
async function constraintsOf(q: Queryable, tables: string[], condition: string): Promise<Saved[]> {
  const { rows } = await q.query<Saved>(
    `SELECT quote_ident(c.conname) AS name, c.conrelid::regclass::text AS table,
            pg_get_constraintdef(c.oid) AS definition,
            obj_description(c.oid, 'pg_constraint') AS comment,
            -- A key's own index (a foreign key's conindid is the index it references).
            CASE WHEN c.contype <> 'f' THEN obj_description(c.conindid, 'pg_class') END
              AS "indexComment"
       FROM pg_constraint AS c
      WHERE c.conrelid = ANY ($1::regclass[]) AND ${condition}
      ORDER BY c.conname`,
    [tables],
  );
  return rows;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
