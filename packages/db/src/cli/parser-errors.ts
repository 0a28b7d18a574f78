/** The edit distance between two strings (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known name closest to `typed` (`migrat` → `migrate`), if one is close enough to be a typo. */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(typed, name);
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(typed.length / 3))
    ? best.name
    : undefined;
}

/** The known option closest to `typed` (`--lock-timout` → `--lock-timeout`), if one is close. */
export function closestOption(typed: string, known: readonly string[]): string | undefined {
  const name = closestName(typed.replace(/^-+/, '').split('=')[0]!, known);
  return name === undefined ? undefined : `--${name}`;
}

/**
 * node:util parseArgs' errors, in our words: the option, what is wrong with it, and how to write
 * it instead. `known` lists the command's long option names.
 */
export function explainParserError(
  error: Error & { code?: string },
  command: string,
  known: readonly string[],
): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const suggestion = closestOption(option, known);
      return `Unknown option ${option}${suggestion ? `; did you mean ${suggestion}?` : '.'}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/ambiguous/.test(error.message)) {
        return `Option ${option} needs a value, and the next argument starts with "-"; to pass a value that starts with "-", write ${option}=<value>.`;
      }
      if (/does not take an argument/.test(error.message))
        return `Option ${option} takes no value.`;
      return `Option ${option} needs a value.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const argument = /'([^']*)'/.exec(error.message)?.[1] ?? '';
      return `Unexpected argument "${argument}": ${command} takes no arguments.`;
    }
    default:
      return error.message.replace(/\s*\n\s*/g, ' ');
  }
}
