/** The figures `pnpm bench:seed` measures against, and how much it runs. */
/** Rows per INSERT statement, as drizzle-seed and Prisma's createMany batch them. */
export const INSERT_BATCH_ROWS = 1_000;
export const TARGET_VS_RAW_COPY = 0.85;
export const TARGET_VS_BATCH_INSERT = 3;
/** --scale load: the seeder's rows/s there against its rows/s at medium (linear cost). */
export const TARGET_SCALING = 0.9;
export const DEFAULT_BENCH_SCALE = 'medium';
/** --scale load is compared with this preset. */
export const SCALING_BASE = 'medium';
export const DEFAULT_REPEAT = 3;
/** The autocommit loader waits for a disk flush per row: it gets the rows of a sample of agents. */
export const AUTOCOMMIT_SAMPLE_SHARE = 0.05;
export const AUTOCOMMIT_SAMPLE_MIN_AGENTS = 50;
export const AUTOCOMMIT_SAMPLE_MAX_AGENTS = 500;
/**
 * The row-by-row loader in one transaction gets at most this many agents' rows: a fifth of the
 * medium preset's, since all of them took 61-184 s of a medium bench (the small preset's 1,000 are
 * loaded whole).
 */
export const TRANSACTION_SAMPLE_MAX_AGENTS = 2_000;
