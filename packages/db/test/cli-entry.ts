// Runs one @ainp/db command as its own process, for the tests that need a real process (a server
// killed mid-command, two runs at once, a daemon): `tsx test/cli-entry.ts migrate-status --json`.
import { DB_BENCH_COMMANDS } from '../bench/index.js';
import { DB_COMMANDS } from '../src/cli/commands.js';
import { runAsProcess } from '../src/cli/run-command.js';

const [command, ...args] = process.argv.slice(2);
const shortForm = `pnpm ${command!.replace('-', ':')}`;
const spec = [...DB_COMMANDS, ...DB_BENCH_COMMANDS].find((c) => c.shortForm === shortForm);
if (spec === undefined) throw new Error(`no command has the short form ${shortForm}`);
await runAsProcess(spec, args);
