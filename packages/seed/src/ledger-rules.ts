import type { CreditTransactionType } from '@ainp/db';

/**
 * The credit ledger's rules, defined once. Each transaction type moves the account's four totals
 * by +amount, -amount or not at all:
 *
 *   balance  = Σdeposit + Σearn − Σspend
 *   reserved = Σreserve − Σrelease
 *   earned   = Σearn
 *   spent    = Σspend
 *
 * and no prefix of an account's history (ordered by created_at, then SAME_INSTANT_ORDER, then id)
 * may make available credit (balance − reserved) or reserved negative. An earn row must point at a usefulness proof
 * of the same agent. The generator applies these rules row by row; the SQL checks are built from
 * the same table, so the two can never disagree.
 */
export const LEDGER_EFFECTS: Readonly<
  Record<CreditTransactionType, Readonly<Record<LedgerTotal, -1 | 0 | 1>>>
> = {
  deposit: { balance: 1, reserved: 0, earned: 0, spent: 0 },
  earn: { balance: 1, reserved: 0, earned: 1, spent: 0 },
  spend: { balance: -1, reserved: 0, earned: 0, spent: 1 },
  reserve: { balance: 0, reserved: 1, earned: 0, spent: 0 },
  release: { balance: 0, reserved: -1, earned: 0, spent: 0 },
};

/**
 * Rows of one account at the same instant count in this order, so what a settling spend writes in
 * one statement (a release, then a spend) is a possible history. The seed gives no two other rows
 * of an account the same instant; after this order, ties fall to the row id.
 */
export const SAME_INSTANT_ORDER: readonly CreditTransactionType[] = [
  'deposit',
  'earn',
  'release',
  'reserve',
  'spend',
];

/** `ORDER BY` for an account's history in time order (or latest first), as the prefix rule reads it. */
export function ledgerOrderSql(direction: 'ASC' | 'DESC' = 'ASC'): string {
  const order = SAME_INSTANT_ORDER.map((t) => `'${t}'`).join(', ');
  return ['created_at', `array_position(ARRAY[${order}]::text[], tx_type)`, 'id']
    .map((term) => `${term} ${direction}`)
    .join(', ');
}

export const LEDGER_TOTALS = ['balance', 'reserved', 'earned', 'spent'] as const;
export type LedgerTotal = (typeof LEDGER_TOTALS)[number];

/** An account's four totals, in atomic units (1 credit = 1000 units). */
export type LedgerState = Record<LedgerTotal, bigint>;

export const EMPTY_LEDGER: LedgerState = { balance: 0n, reserved: 0n, earned: 0n, spent: 0n };

/** balance − reserved: what the account can still reserve or spend. */
export function availableCredit(state: LedgerState): bigint {
  return state.balance - state.reserved;
}

export class LedgerRuleError extends Error {
  override name = 'LedgerRuleError';
}

/** The state after one more transaction; throws when it breaks the prefix rule. */
export function applyLedgerEntry(
  state: LedgerState,
  type: CreditTransactionType,
  amount: bigint,
): LedgerState {
  if (amount <= 0n) throw new LedgerRuleError(`A ${type} amount must be positive, not ${amount}.`);
  const effect = LEDGER_EFFECTS[type];
  // Totals the type leaves alone keep their value: no BigInt arithmetic for them.
  const move = (total: bigint, sign: -1 | 0 | 1) =>
    sign === 0 ? total : sign === 1 ? total + amount : total - amount;
  const next: LedgerState = {
    balance: move(state.balance, effect.balance),
    reserved: move(state.reserved, effect.reserved),
    earned: move(state.earned, effect.earned),
    spent: move(state.spent, effect.spent),
  };
  if (next.reserved < 0n || availableCredit(next) < 0n) {
    throw new LedgerRuleError(
      `A ${type} of ${amount} would leave reserved ${next.reserved} and available ${availableCredit(next)}; neither may go below 0.`,
    );
  }
  return next;
}

/** The signed change one row makes to a total, e.g. `(CASE tx_type WHEN 'spend' THEN -amount ... END)`. */
export function ledgerDeltaSql(total: LedgerTotal, amount = 'amount', type = 'tx_type'): string {
  const types = Object.keys(LEDGER_EFFECTS) as CreditTransactionType[];
  const arms = types
    .filter((t) => LEDGER_EFFECTS[t][total] !== 0)
    .map((t) => `WHEN '${t}' THEN ${LEDGER_EFFECTS[t][total] === 1 ? '' : '-'}${amount}`);
  return `(CASE ${type} ${arms.join(' ')} ELSE 0 END)`;
}

/** One total over a group of transaction rows, in SQL. */
export function ledgerTotalSql(total: LedgerTotal, amount = 'amount', type = 'tx_type'): string {
  return `coalesce(sum(${ledgerDeltaSql(total, amount, type)}), 0)::bigint`;
}
