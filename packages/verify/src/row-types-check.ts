import { capturedIo, DB_COMMANDS, runCommand } from '@ainp/db/commands';

/** What `pnpm db:types --check` said about one database. */
export interface RowTypesCheck {
  readonly current: boolean;
  /** Its output: "… match the schema of …", or the diff and the error line. */
  readonly output: string;
}

/**
 * Runs the row-type generator's check mode (`pnpm db:types --check`, @ainp/db's own command) in
 * this process on the database at `databaseUrl`, which must be fully migrated: are the committed
 * generated files the ones that schema generates?
 */
export async function checkRowTypes(databaseUrl: string): Promise<RowTypesCheck> {
  const command = DB_COMMANDS.find((c) => c.name === 'types');
  if (command === undefined) throw new Error('@ainp/db has no `types` command');
  const { io, output } = capturedIo({ ...process.env, DATABASE_URL: databaseUrl });
  const code = await runCommand(command, ['--check'], io);
  const { stdout, stderr } = output();
  if (code !== 0 && code !== 1) throw new Error(`pnpm db:types --check exited ${code}: ${stderr}`);
  return { current: code === 0, output: `${stdout}${stderr}`.trim() };
}
