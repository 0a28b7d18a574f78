import { RowTypesError } from '../errors.js';

/**
 * Table names ordered so that each comes after every table its foreign keys reference (a
 * reference to itself does not count); among tables that are ready at once, the smaller name
 * (code-point order) first, so the order depends on the schema alone. Throws on a cycle.
 */
export function foreignKeyOrder(references: ReadonlyMap<string, readonly string[]>): string[] {
  const waitingOn = new Map(
    [...references].map(([table, targets]) => [
      table,
      new Set(targets.filter((target) => target !== table && references.has(target))),
    ]),
  );
  const order: string[] = [];
  while (waitingOn.size > 0) {
    const ready = [...waitingOn].filter(([, targets]) => targets.size === 0).map(([t]) => t);
    if (ready.length === 0) {
      throw new RowTypesError(
        `The foreign keys of ${[...waitingOn.keys()].join(', ')} form a cycle, so the tables have no foreign-key order. The generated files were not changed. Break the cycle (a nullable key filled in later) or teach packages/db/src/codegen/foreign-key-order.ts about it.`,
      );
    }
    const next = ready.reduce((a, b) => (b < a ? b : a));
    order.push(next);
    waitingOn.delete(next);
    for (const targets of waitingOn.values()) targets.delete(next);
  }
  return order;
}
