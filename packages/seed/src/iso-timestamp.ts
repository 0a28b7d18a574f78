import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './time-windows.js';

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** Days seen so far, as 'YYYY-MM-DDT': a seed's dates fall on a few hundred days. */
const DAY_PREFIXES = new Map<number, string>();

/**
 * `new Date(ms).toISOString()`, byte for byte, about six times faster: the date part is
 * formatted once per day and the time of day from lookup tables. Generation formats every
 * timestamp it writes (columns and JSON alike), hundreds of thousands per chunk set.
 */
export function isoTimestamp(ms: number): string {
  const day = Math.floor(ms / MS_PER_DAY);
  let prefix = DAY_PREFIXES.get(day);
  if (prefix === undefined) {
    const iso = new Date(day * MS_PER_DAY).toISOString();
    // Years outside 0000-9999 print with a sign and more digits: leave those to the Date.
    if (iso.length !== 24) return new Date(ms).toISOString();
    prefix = iso.slice(0, 11);
    DAY_PREFIXES.set(day, prefix);
  }
  let rest = ms - day * MS_PER_DAY;
  const hours = Math.floor(rest / MS_PER_HOUR);
  rest -= hours * MS_PER_HOUR;
  const minutes = Math.floor(rest / MS_PER_MINUTE);
  rest -= minutes * MS_PER_MINUTE;
  const seconds = Math.floor(rest / 1000);
  return `${prefix}${TWO_DIGITS[hours]!}:${TWO_DIGITS[minutes]!}:${TWO_DIGITS[seconds]!}.${THREE_DIGITS[rest - seconds * 1000]!}Z`;
}
