import pg from 'pg';

/** Runs `work` on a dedicated, connected pg.Client (what the migration runner needs), then closes it. */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // a lost connection fails the query in flight instead
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
