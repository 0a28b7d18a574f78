import type { Queryable } from '@ainp/db';

/** Median wall-clock time of `runs` executions of `sql` after one warm-up run, in milliseconds. */
export async function medianQueryTime(
  client: Queryable,
  sql: string,
  runs = 5,
  values: readonly unknown[] = [],
): Promise<number> {
  await client.query(sql, [...values]);
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await client.query(sql, [...values]);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}
