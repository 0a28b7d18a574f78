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

/**
 * The diffs of every generated file from what is committed (undefined entries: missing files),
 * joined, or undefined when all match. `label` names a file for the diff header.
 */
export function generatedFilesDrift<K extends string>(
  label: (key: K) => string,
  committed: { readonly [key in K]: string | undefined },
  generated: { readonly [key in K]: string },
  sourceLabel: string,
): string | undefined {
  const diffs = (Object.keys(generated) as K[])
    .map((key) => databaseTypesDrift(label(key), committed[key], generated[key], sourceLabel))
    .filter((diff) => diff !== undefined);
  return diffs.length === 0 ? undefined : diffs.join('');
}
