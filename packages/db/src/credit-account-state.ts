/**
 * A credit account as the credit functions return it: the `credit_accounts` row after the
 * operation, amounts as bigint atomic units (1 credit = 1000 units).
 */
export interface CreditAccountState {
  readonly agent_did: string;
  readonly balance: bigint;
  readonly reserved: bigint;
  readonly earned: bigint;
  readonly spent: bigint;
  readonly created_at: Date;
  readonly updated_at: Date;
}

type Int8 = string | number | bigint;

/** Reads a `credit_accounts` row whichever way int8 was parsed (string by default in pg, or bigint). */
export function toCreditAccountState(row: {
  agent_did: string;
  balance: Int8;
  reserved: Int8;
  earned: Int8;
  spent: Int8;
  created_at: Date | string;
  updated_at: Date | string;
}): CreditAccountState {
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
