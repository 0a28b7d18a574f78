import { createInterface } from 'node:readline/promises';

/**
 * Asks a question on the terminal and resolves true only for "yes" (or "y"). Closing the input
 * (Ctrl-D) or any other answer resolves false.
 */
export async function askYes(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<boolean> {
  const rl = createInterface({ input, output });
  const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
  try {
    const answer = await Promise.race([rl.question(question), closed]);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
