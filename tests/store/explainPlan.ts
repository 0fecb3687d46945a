/**
 * Whether an `explain()` answer shows the named index in use, or undefined when the answer carries no
 * plan we can read. MongoDB reports a plan tree whose index stages name the index (IXSCAN, or the
 * EXPRESS stages of 8.0); FerretDB over SQLite reports SQLite's EXPLAIN QUERY PLAN lines, where an
 * index on a collection is named `<table>_<index name>`.
 */
export function indexUse(explain: unknown, indexName: string): boolean | undefined {
  const planner = (explain as { queryPlanner?: { winningPlan?: unknown; Plan?: unknown } }).queryPlanner;
  if (planner?.winningPlan !== undefined) return stagesUsing(planner.winningPlan, indexName);
  if (Array.isArray(planner?.Plan)) {
    return planner.Plan.some((line) => String(line).includes('USING INDEX') && String(line).includes(`_${indexName} `));
  }
  return undefined;
}

function stagesUsing(node: unknown, indexName: string): boolean {
  if (Array.isArray(node)) return node.some((child) => stagesUsing(child, indexName));
  if (node === null || typeof node !== 'object') return false;
  const stage = node as Record<string, unknown>;
  if (stage.indexName === indexName) return true;
  return Object.values(stage).some((child) => typeof child === 'object' && stagesUsing(child, indexName));
}
