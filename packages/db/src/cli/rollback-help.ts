import {
  ROLLBACK_FEATURES,
  rollbackOrder,
  type RollbackFeature,
} from '../rollbacks/rollback-features.js';
import { migrationNumber } from '../migrations/migration-number.js';

const NAME_WIDTH = 32;
const SCRIPT_WIDTH = 49;
const LINE_WIDTH = 100;

/**
 * The table of `pnpm rollback --help`, from the registry itself: each feature, its script, the
 * migrations it undoes and the features that must be rolled back before it; then `all`, in the
 * order it runs. A feature `pnpm migrate:new` adds shows up without anyone editing the help.
 */
export function rollbackFeaturesHelp(
  features: readonly RollbackFeature[] = ROLLBACK_FEATURES,
): string {
  const lines: string[] = [];
  for (const feature of features) {
    lines.push(
      `  ${feature.name.padEnd(NAME_WIDTH - 1)} ${feature.script.padEnd(SCRIPT_WIDTH - 1)} undoes ${migrationList(feature.migrationIds)}`,
    );
    const first = features.filter((other) => other.buildsOn.includes(feature.name));
    if (first.length > 0) {
      lines.push(...wrap(`after: ${first.map((other) => other.name).join(', ')}`, NAME_WIDTH + 4));
    }
  }
  const order = rollbackOrder(features).map((feature) => feature.name);
  lines.push(
    ...wrap(
      `every feature, each before those it builds on: ${order.join(', ')}`,
      NAME_WIDTH + 2,
      `  ${'all'.padEnd(NAME_WIDTH - 1)} `,
    ),
  );
  return lines.join('\n');
}

/** 30, 31, ... 39 as 030-039; shorter runs listed: 027, 028, 041. */
function migrationList(ids: readonly number[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${migrationNumber(sorted[i]!)}-${migrationNumber(sorted[j]!)}`);
    else for (let k = i; k <= j; k++) parts.push(migrationNumber(sorted[k]!));
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * `text` in lines of at most LINE_WIDTH, broken between words, each starting with `indent` spaces
 * (the first with `firstPrefix` instead, when given: as wide as the indent).
 */
function wrap(text: string, indent: number, firstPrefix = ' '.repeat(indent)): string[] {
  const lines: string[] = [];
  let line = '';
  const start = () => (lines.length === 0 ? firstPrefix : ' '.repeat(indent));
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > LINE_WIDTH) {
      lines.push(start() + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(start() + line);
  return lines;
}
