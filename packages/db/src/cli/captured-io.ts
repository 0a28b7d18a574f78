import { Readable, Writable } from 'node:stream';
import type { CommandIo } from './run-command.js';

/** A stream that keeps what is written to it. */
class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/**
 * Streams for running a command in-process: standard input empty and not a terminal, stdout and
 * stderr kept, and only `env` as the environment. `output()` returns what was printed.
 */
export function capturedIo(env: NodeJS.ProcessEnv): {
  io: CommandIo;
  output(): { stdout: string; stderr: string };
} {
  const stdout = new Collect();
  const stderr = new Collect();
  return {
    io: { stdout, stderr, stdin: Readable.from([]), env },
    output: () => ({ stdout: stdout.text, stderr: stderr.text }),
  };
}
