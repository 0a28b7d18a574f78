/**
 * How generated names are made. A table's types are named after one of its rows: `agents` →
 * AgentRow / AgentInsert / AgentUpdate (and AgentTable for Kysely), `usefulness_proofs` → UsefulnessProofRow. An enumerated column's union
 * is `<Row name><Column>` (`agents.kind` → AgentKind) unless ENUM_TYPE_NAMES names it, and its
 * runtime list of values is the union's name in CONSTANT_CASE, plural (NEGOTIATION_STATES).
 */

/** Unions whose names read better than the rule's (`UsefulnessProofWorkType`). */
export const ENUM_TYPE_NAMES: Readonly<Record<string, string>> = {
  'negotiations.state': 'NegotiationState',
  'usefulness_proofs.work_type': 'WorkType',
  'credit_transactions.tx_type': 'CreditTransactionType',
  'credit_idempotency_keys.operation': 'CreditOperationType',
};

function pascalCase(snake: string): string {
  return snake
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** English singular of a plural table name's last word: proofs → proof, entries → entry. */
function singular(table: string): string {
  if (table.endsWith('ies')) return `${table.slice(0, -3)}y`;
  if (table.endsWith('sses')) return table.slice(0, -2);
  if (table.endsWith('s') && !table.endsWith('ss')) return table.slice(0, -1);
  return table;
}

/** `usefulness_proofs` → `UsefulnessProof`. */
export function entityName(table: string): string {
  return pascalCase(singular(table));
}

export function rowTypeName(table: string): string {
  return `${entityName(table)}Row`;
}

export function insertTypeName(table: string): string {
  return `${entityName(table)}Insert`;
}

export function updateTypeName(table: string): string {
  return `${entityName(table)}Update`;
}

/** The table's interface in the Kysely `DB`: `agents` → AgentTable. */
export function tableTypeName(table: string): string {
  return `${entityName(table)}Table`;
}

export function enumTypeName(table: string, column: string): string {
  return ENUM_TYPE_NAMES[`${table}.${column}`] ?? `${entityName(table)}${pascalCase(column)}`;
}

/** `CreditTransactionType` → `CREDIT_TRANSACTION_TYPES`. */
export function enumValuesName(typeName: string): string {
  return `${typeName.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_').toUpperCase()}S`;
}
