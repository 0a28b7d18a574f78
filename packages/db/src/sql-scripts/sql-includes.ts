import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AinpDbError } from '../errors.js';

/** psql's `\ir file`: include a file, named relative to the including one. */
const INCLUDE_LINE = /^[ \t]*\\ir[ \t]+(\S+)[ \t]*$/gm;
const MAX_DEPTH = 8;

/**
 * A SQL script's text with every `\ir <file>` line replaced by that file's text (recursively), as
 * psql would run it. The shared blocks of the verification and rollback scripts live in such
 * included files, so each script runs standalone under `psql -f` and through the Node runner alike.
 */
export async function expandIncludes(text: string, scriptPath: string, depth = 0): Promise<string> {
  if (depth > MAX_DEPTH) {
    throw new AinpDbError(
      `${scriptPath}: \\ir includes nest deeper than ${MAX_DEPTH} levels (an include cycle?). Nothing was run.`,
    );
  }
  const dir = path.dirname(scriptPath);
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(INCLUDE_LINE)) {
    const included = path.resolve(dir, match[1]!);
    let body: string;
    try {
      body = await readFile(included, 'utf8');
    } catch (error) {
      throw new AinpDbError(
        `${path.basename(scriptPath)} includes ${match[1]} (\\ir), which cannot be read: ${(error as Error).message}. Nothing was run.`,
        { cause: error },
      );
    }
    parts.push(
      text.slice(last, match.index),
      (await expandIncludes(body, included, depth + 1)).trimEnd(),
    );
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** A SQL script read from disk with its `\ir` includes expanded. */
export async function readSqlScript(scriptPath: string): Promise<string> {
  return expandIncludes(await readFile(scriptPath, 'utf8'), scriptPath);
}
