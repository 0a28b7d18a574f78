// `ainp` run from the TypeScript sources (the launcher's fallback while dist/ is out of date).
import { runAsAinp } from './main.js';

process.exitCode = await runAsAinp(process.argv.slice(2));
