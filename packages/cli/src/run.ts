// `ainp` run from the TypeScript sources (the launcher's fallback while dist/ is out of date).
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
