import type { CreditAccountRow } from '../generated/database-types.js';

type Int8 = string | number | bigint;

/**
 * The `credit_accounts` row a credit function returned, as the generated CreditAccountRow
 * (amounts as bigint), whichever way the connection parsed int8: DatabaseClient's pool gives
 * bigint, a plain pg client gives strings.
 */
export function toCreditAccountRow(row: {
  agent_did: string;
  balance: Int8;
  reserved: Int8;
  earned: Int8;
  spent: Int8;
  created_at: Date | string;
  updated_at: Date | string;
}): CreditAccountRow {
  return {
    agent_did: row.agent_did,
    balance: BigInt(row.balance),
    reserved: BigInt(row.reserved),
    earned: BigInt(row.earned),
    spent: BigInt(row.spent),
    created_at: new Date(row.created_at),
    updated_at: new Date(row.updated_at),
  };
}
