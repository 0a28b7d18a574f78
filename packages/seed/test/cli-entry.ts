// `pnpm seed` as its own process, for the tests that need one (a server killed mid-seed).
import { runAsProcess } from '@ainp/db';
import { seedCommand } from '../src/cli/seed.js';

await runAsProcess(seedCommand, process.argv.slice(2));
