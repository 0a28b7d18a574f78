import type { Queryable } from '@ainp/db';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/**
 * The plan PostgreSQL chooses for `sql` with these parameter values (EXPLAIN (FORMAT JSON),
 * without running it; the values are bound, so the plan is the one the statement gets when sent).
 */
export async function explain(
  client: Queryable,
  sql: string,
  values: readonly unknown[] = [],
): Promise<PlanNode> {
  const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
    `EXPLAIN (FORMAT JSON) ${sql}`,
    [...values],
  );
  const plan = rows[0]?.['QUERY PLAN'][0]?.Plan;
  if (plan === undefined) throw new Error(`EXPLAIN returned no plan for: ${sql}`);
  return plan;
}

/** Every index a plan reads (index scans, index-only scans, bitmap index scans), in plan order. */
export function indexesInPlan(plan: PlanNode): string[] {
  const own = plan['Index Name'] !== undefined ? [plan['Index Name']] : [];
  return [...own, ...(plan.Plans ?? []).flatMap(indexesInPlan)];
}

/** A plan as one line of node types, e.g. `Limit > Index Scan (idx_agents_usefulness)`. */
export function describePlan(plan: PlanNode): string {
  const node = `${plan['Node Type']}${plan['Index Name'] ? ` (${plan['Index Name']})` : ''}`;
  const children = (plan.Plans ?? []).map(describePlan);
  if (children.length === 0) return node;
  return `${node} > ${children.length === 1 ? children[0] : `[${children.join(', ')}]`}`;
}
