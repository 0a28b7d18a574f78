import { createTwoFilesPatch } from 'diff';

/**
 * A unified diff from the committed file to what the schema generates, or undefined when they
 * match. `committed` is undefined when the file does not exist.
 */
export function databaseTypesDrift(
  fileLabel: string,
  committed: string | undefined,
  generated: string,
  sourceLabel: string,
): string | undefined {
  if (committed === generated) return undefined;
  return createTwoFilesPatch(
    fileLabel,
    fileLabel,
    committed ?? '',
    generated,
    committed === undefined ? '(missing)' : '(committed)',
    `(generated from ${sourceLabel})`,
  );
}
