import type { Draw } from './draw.js';
import {
  applyLedgerEntry,
  availableCredit,
  EMPTY_LEDGER,
  type LedgerState,
} from './ledger-rules.js';
import type {
  CreditAccountInsert,
  CreditTransactionInsert,
  CreditTransactionType,
  TransactionMetadata,
  UsefulnessProofInsert,
} from '@ainp/db';
import { seededUuid } from './seeded-faker.js';
import type { Seeded } from './seed-tables.js';
import { LEDGER_WINDOW_MS, MS_PER_HOUR } from './time-windows.js';

/** 1 credit = 1000 atomic units. */
export const UNITS_PER_CREDIT = 1000;
/** What one point of usefulness score earns, in units (a score of 80 earns 20 credits). */
export const EARN_UNITS_PER_SCORE_POINT = 250;
/** Reservations and immediate spends are at least one credit. */
const MIN_CHARGE = UNITS_PER_CREDIT;

/** An accepted negotiation this agent started: it reserves the agreed price, then pays it. */
export interface Agreement {
  readonly negotiationId: string;
  readonly intentId: string;
  readonly providerDid: string;
  /** The agreed price, in atomic units. */
  readonly price: number;
  readonly agreedAtMs: number;
}

export interface CreditHistoryInput {
  readonly agentDid: string;
  readonly agentCreatedMs: number;
  readonly refDateMs: number;
  /** How many transaction rows this account gets. */
  readonly slots: number;
  /** The agent's proofs, oldest first: each can be paid for by one earn row. */
  readonly proofs: readonly Seeded<UsefulnessProofInsert>[];
  /** The agent's accepted negotiations as initiator, earliest first. */
  readonly agreements: readonly Agreement[];
  /** Another agent's DID, to pay. */
  counterparty(): string;
}

export interface CreditHistory {
  readonly account: Seeded<CreditAccountInsert>;
  readonly transactions: Seeded<CreditTransactionInsert>[];
}

type Step = 'deposit' | 'earn' | 'reserve' | 'settle' | 'cancel' | 'spend';

interface Reservation {
  amount: number;
  intentId: string;
  providerDid: string;
  negotiationId?: string;
  /** The reserve row, which the release and spend that settle it name. */
  reserveId: string;
}

type DepositSource = NonNullable<TransactionMetadata['source']>;
const DEPOSIT_SOURCES: readonly (readonly [DepositSource, number])[] = [
  ['purchase', 6],
  ['grant', 2],
  ['refund', 1],
];
const DEPOSIT_DESCRIPTIONS: Readonly<Record<DepositSource, string>> = {
  purchase: 'Credits purchased',
  grant: 'Network grant',
  refund: 'Refund',
};

/**
 * One account and its history. The history is written in time order through applyLedgerEntry,
 * which refuses any step that would break the ledger rules, so the account's totals are the
 * rules applied to its rows and no prefix ever overdraws it. The first row is a deposit.
 * Reservations hold the price of a negotiation the agent agreed to (when it can afford it) or of
 * some other intent; later they are settled (release, then spend, of the same amount, both naming
 * the reserve row) or cancelled (release), and some are still open at the end. Each earn pays for
 * one of the agent's own proofs, after the proof was made.
 */
export function generateCreditHistory(draw: Draw, input: CreditHistoryInput): CreditHistory {
  const { agentDid, refDateMs, slots, proofs } = input;
  const createdMs = Math.min(
    input.agentCreatedMs + draw.int(0, MS_PER_HOUR),
    refDateMs - slots - 1,
  );
  const times = increasingTimes(
    draw,
    slots,
    Math.max(createdMs + 1, refDateMs - LEDGER_WINDOW_MS),
    refDateMs,
  );
  const transactions: Seeded<CreditTransactionInsert>[] = [];
  const open: Reservation[] = [];
  let state: LedgerState = EMPTY_LEDGER;
  let nextProof = 0;
  let nextAgreement = 0;

  const append = (
    type: CreditTransactionType,
    amount: number,
    intentId: string | null,
    proofId: string | null,
    metadata: TransactionMetadata,
  ): string => {
    state = applyLedgerEntry(state, type, BigInt(amount));
    const id = seededUuid(draw.stream);
    transactions.push({
      id,
      agent_did: agentDid,
      tx_type: type,
      amount: BigInt(amount),
      intent_id: intentId,
      usefulness_proof_id: proofId,
      metadata,
      created_at: new Date(times[transactions.length]!),
    });
    return id;
  };

  while (transactions.length < slots) {
    const at = times[transactions.length]!;
    const available = Number(availableCredit(state));
    const proof = proofs[nextProof];
    const canEarn = proof !== undefined && proof.created_at.getTime() < at;
    const step: Step =
      transactions.length === 0
        ? 'deposit'
        : draw.weighted<Step>([
            ['deposit', available < 5 * MIN_CHARGE ? 4 : 1],
            ['earn', canEarn ? 4 : 0],
            ['reserve', available >= MIN_CHARGE ? 3 : 0],
            ['settle', open.length > 0 && transactions.length + 1 < slots ? 3 : 0],
            ['cancel', open.length > 0 ? 1 : 0],
            ['spend', available >= MIN_CHARGE ? 1 : 0],
          ]);
    switch (step) {
      case 'deposit': {
        const source = draw.weighted(DEPOSIT_SOURCES);
        append('deposit', draw.int(100, 5_000) * UNITS_PER_CREDIT, null, null, {
          source,
          description: DEPOSIT_DESCRIPTIONS[source],
        });
        break;
      }
      case 'earn': {
        nextProof += 1;
        const amount = Math.max(
          1,
          Math.round(proof!.usefulness_score * EARN_UNITS_PER_SCORE_POINT),
        );
        append('earn', amount, proof!.intent_id, proof!.id, {
          description: `Reward for ${proof!.work_type} work (usefulness ${proof!.usefulness_score})`,
          incentive_role: 'agent',
        });
        break;
      }
      case 'reserve': {
        const agreement = input.agreements[nextAgreement];
        const reservation: Reservation =
          agreement !== undefined && agreement.agreedAtMs < at && agreement.price <= available
            ? { ...agreement, amount: agreement.price, reserveId: '' }
            : {
                amount: draw.int(MIN_CHARGE, Math.min(available, 200 * UNITS_PER_CREDIT)),
                intentId: seededUuid(draw.stream),
                providerDid: input.counterparty(),
                reserveId: '',
              };
        if (reservation.negotiationId !== undefined) nextAgreement += 1;
        reservation.reserveId = append('reserve', reservation.amount, reservation.intentId, null, {
          description: 'Escrow for agreed work',
          counterparty_did: reservation.providerDid,
          ...(reservation.negotiationId !== undefined
            ? { negotiation_id: reservation.negotiationId }
            : {}),
        });
        open.push(reservation);
        break;
      }
      case 'settle':
      case 'cancel': {
        const reservation = open.shift()!;
        const about = {
          reserve_transaction_id: reservation.reserveId,
          ...(reservation.negotiationId !== undefined
            ? { negotiation_id: reservation.negotiationId }
            : {}),
        };
        append('release', reservation.amount, reservation.intentId, null, {
          ...about,
          description: step === 'settle' ? 'Escrow released to settle' : 'Escrow cancelled',
        });
        if (step === 'settle') {
          append('spend', reservation.amount, reservation.intentId, null, {
            ...about,
            description: 'Payment for delivered work',
            counterparty_did: reservation.providerDid,
          });
        }
        break;
      }
      case 'spend':
        append(
          'spend',
          draw.int(MIN_CHARGE, Math.min(available, 100 * UNITS_PER_CREDIT)),
          seededUuid(draw.stream),
          null,
          { description: 'Immediate payment', counterparty_did: input.counterparty() },
        );
        break;
    }
  }

  return {
    account: {
      agent_did: agentDid,
      ...state,
      created_at: new Date(createdMs),
      updated_at: new Date(slots > 0 ? times[slots - 1]! : createdMs),
    },
    transactions,
  };
}

/** n distinct, strictly increasing whole-millisecond instants in [from, to]. */
function increasingTimes(draw: Draw, n: number, from: number, to: number): number[] {
  const times = Array.from({ length: n }, () => draw.int(from, to - n));
  times.sort((a, b) => a - b);
  for (let i = 1; i < n; i++) if (times[i]! <= times[i - 1]!) times[i] = times[i - 1]! + 1;
  return times;
}
