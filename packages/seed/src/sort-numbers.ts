/** Up to this many, insertion sort: the seed's lists of instants are mostly a few dozen long. */
const INSERTION_SORT_MAX = 32;

/**
 * Sorts numbers ascending in place, with the result of `values.sort((a, b) => a - b)` (none is
 * NaN), and returns them. Short lists are sorted here, without the work array that
 * Array.prototype.sort allocates for each call.
 */
export function sortNumbers(values: number[]): number[] {
  if (values.length > INSERTION_SORT_MAX) return values.sort((a, b) => a - b);
  for (let i = 1; i < values.length; i++) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > value) {
      values[j + 1] = values[j]!;
      j -= 1;
    }
    values[j + 1] = value;
  }
  return values;
}

/**
 * Whole numbers sorted ascending, each then raised, where it is not above the one before, to one
 * more than it: n draws become n distinct, strictly increasing instants. In place; returns them.
 */
export function strictlyIncreasing(values: number[]): number[] {
  sortNumbers(values);
  for (let i = 1; i < values.length; i++) {
    if (values[i]! <= values[i - 1]!) values[i] = values[i - 1]! + 1;
  }
  return values;
}
