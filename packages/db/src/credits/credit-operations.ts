import { toCreditAccountRow } from './credit-account-row.js';
import { creditError, creditErrorFromDatabase } from './credit-sqlstates.js';
import type { CreditAccountRow } from '../generated/database-types.js';
import { json } from '../connection/json-parameter.js';
import type { TransactionMetadata } from '../codegen/jsonb-shapes.js';
import type { Queryable } from '../connection/queryable.js';

/** What every credit operation takes. */
export interface CreditRequest {
  readonly agentDid: string;
  /** Atomic units (1 credit = 1000), positive. */
  readonly amount: bigint;
  /** Unique per logical request: a retry with the same key and arguments returns the first result. */
  readonly idempotencyKey: string;
  /** Stored on the ledger rows the operation writes (`credit_transactions.metadata`). */
  readonly metadata?: TransactionMetadata;
}

export interface IntentCreditRequest extends CreditRequest {
  /** The intent the credit is for; release and settlement are then limited to its reservation. */
  readonly intentId?: string;
}

export interface EarnRequest extends IntentCreditRequest {
  /** The usefulness proof that justified the earning; it must be the same agent's. */
  readonly usefulnessProofId?: string;
}

export interface SpendRequest extends IntentCreditRequest {
  /** Settle a reservation (writes a release and a spend row) instead of spending available credit. */
  readonly fromReservation?: boolean;
}

/**
 * Typed wrappers over the credit functions of migration 012. Each call is one statement, so it is
 * atomic on its own; pass a transaction's client to combine several. Refusals throw the typed
 * errors of errors.ts (InsufficientCreditError, ...), and nothing moves.
 */
export class CreditOperations {
  constructor(private readonly client: Queryable) {}

  /** Adds credit; opens the account when the agent has none yet. */
  deposit(request: CreditRequest): Promise<CreditAccountRow> {
    return this.call('credit_deposit', request, {});
  }

  /** Adds earned credit (balance and earned); opens the account when the agent has none yet. */
  earn(request: EarnRequest): Promise<CreditAccountRow> {
    return this.call('credit_earn', request, {
      p_usefulness_proof_id: request.usefulnessProofId ?? null,
      p_intent_id: request.intentId ?? null,
    });
  }

  /** Sets credit aside; needs balance − reserved >= amount. */
  reserve(request: IntentCreditRequest): Promise<CreditAccountRow> {
    return this.call('credit_reserve', request, { p_intent_id: request.intentId ?? null });
  }

  /** Returns reserved credit to the available pool; at most what is reserved. */
  release(request: IntentCreditRequest): Promise<CreditAccountRow> {
    return this.call('credit_release', request, { p_intent_id: request.intentId ?? null });
  }

  /** Spends available credit, or settles a reservation with `fromReservation: true`. */
  spend(request: SpendRequest): Promise<CreditAccountRow> {
    return this.call('credit_spend', request, {
      p_from_reservation: request.fromReservation ?? false,
      p_intent_id: request.intentId ?? null,
    });
  }

  private async call(
    fn: string,
    request: CreditRequest,
    extra: Record<string, unknown>,
  ): Promise<CreditAccountRow> {
    if (typeof request.amount !== 'bigint') {
      throw creditError(
        'AC005',
        `Invalid amount ${String(request.amount)} (${typeof request.amount}): amounts are bigint atomic units, such as 5000n for 5 credits`,
      );
    }
    const args: Record<string, unknown> = {
      p_agent_did: request.agentDid,
      p_amount: request.amount.toString(),
      p_idempotency_key: request.idempotencyKey,
      ...extra,
      p_metadata: json(request.metadata ?? {}),
    };
    const names = Object.keys(args);
    const text = `SELECT * FROM ${fn}(${names.map((name, i) => `${name} => $${i + 1}`).join(', ')})`;
    try {
      const { rows } = await this.client.query(text, Object.values(args));
      return toCreditAccountRow(rows[0] as Parameters<typeof toCreditAccountRow>[0]);
    } catch (error) {
      throw creditErrorFromDatabase(error);
    }
  }
}
