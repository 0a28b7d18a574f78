import { capturedIo } from '@ainp/db/testing';
import { main } from '../src/main.js';

/** `ainp <argv...>` in this process, with its own streams and `env`. */
export async function ainp(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const { io, output } = capturedIo(env);
  const code = await main(argv, io);
  return { code, ...output() };
}
