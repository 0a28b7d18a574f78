import type { Draw } from './draw.js';
import type {
  CreditAccountRow,
  CreditIdempotencyKeyRow,
  CreditTransactionRow,
  TransactionMetadata,
  UsefulnessProofRow,
} from '@ainp/db';
import { availableCredit } from './ledger-rules.js';
import { LedgerWriter } from './ledger-writer.js';
import { seededUuid } from './seeded-faker.js';
import { strictlyIncreasing } from './sort-numbers.js';
import type { Seeded } from './seed-tables.js';
import { IDEMPOTENCY_KEY_RETENTION_MS, LEDGER_WINDOW_MS, MS_PER_HOUR } from './time-windows.js';

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
  readonly proofs: readonly Seeded<UsefulnessProofRow>[];
  /** The agent's accepted negotiations as initiator, earliest first. */
  readonly agreements: readonly Agreement[];
  /** Another agent's DID, to pay. */
  counterparty(): string;
}

export interface CreditHistory {
  readonly account: Seeded<CreditAccountRow>;
  readonly transactions: Seeded<CreditTransactionRow>[];
  readonly keys: Seeded<CreditIdempotencyKeyRow>[];
}

type Step = 'deposit' | 'earn' | 'reserve' | 'settle' | 'cancel' | 'spend';

interface Reservation {
  readonly amount: number;
  readonly intentId: string;
  readonly providerDid: string;
  /** Set when the reservation holds an agreed negotiation's price. */
  readonly negotiationId: string | undefined;
  /** The reserve row, which the release or spend that settles it names. */
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
 * One account and its history, written through LedgerWriter (the ledger rules, and the rows the
 * credit functions write). The first operation is a deposit. Reservations hold the price of a
 * negotiation the agent agreed to (when it can afford it) or of some other intent; later they
 * are settled (a spend from the reservation: a release and a spend of the same amount) or
 * cancelled (a release), both naming the reserve row, and some are still open at the end. Each
 * earn pays for one of the agent's own proofs, after the proof was made.
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
  const ledger = new LedgerWriter({
    agentDid,
    accountCreatedMs: createdMs,
    keysSinceMs: refDateMs - IDEMPOTENCY_KEY_RETENTION_MS,
    newId: () => seededUuid(draw.stream),
  });
  const open: Reservation[] = [];
  let nextProof = 0;
  let nextAgreement = 0;

  for (let written = 0; written < slots; written = ledger.transactions.length) {
    const at = times[written]!;
    const available = Number(availableCredit(ledger.state));
    const proof = proofs[nextProof];
    const canEarn = proof !== undefined && proof.created_at.getTime() < at;
    const step: Step =
      written === 0
        ? 'deposit'
        : nextStep(draw, {
            deposit: available < 5 * MIN_CHARGE ? 4 : 1,
            earn: canEarn ? 4 : 0,
            reserve: available >= MIN_CHARGE ? 3 : 0,
            settle: open.length > 0 && written + 1 < slots ? 3 : 0,
            cancel: open.length > 0 ? 1 : 0,
            spend: available >= MIN_CHARGE ? 1 : 0,
          });
    switch (step) {
      case 'deposit': {
        const source = draw.weighted(DEPOSIT_SOURCES);
        ledger.deposit(at, draw.int(100, 5_000) * UNITS_PER_CREDIT, {
          source,
          description: DEPOSIT_DESCRIPTIONS[source],
        });
        break;
      }
      case 'earn': {
        nextProof += 1;
        const score = proof!.usefulness_score;
        ledger.earn(at, Math.max(1, Math.round(score * EARN_UNITS_PER_SCORE_POINT)), proof!, {
          description: `Reward for ${proof!.work_type} work (usefulness ${score})`,
          incentive_role: 'agent',
        });
        break;
      }
      case 'reserve': {
        const agreement = input.agreements[nextAgreement];
        const reservation: Reservation =
          agreement !== undefined && agreement.agreedAtMs < at && agreement.price <= available
            ? {
                amount: agreement.price,
                intentId: agreement.intentId,
                providerDid: agreement.providerDid,
                negotiationId: agreement.negotiationId,
                reserveId: '',
              }
            : {
                amount: draw.int(MIN_CHARGE, Math.min(available, 200 * UNITS_PER_CREDIT)),
                intentId: seededUuid(draw.stream),
                providerDid: input.counterparty(),
                negotiationId: undefined,
                reserveId: '',
              };
        if (reservation.negotiationId !== undefined) nextAgreement += 1;
        reservation.reserveId = ledger.reserve(at, reservation.amount, reservation.intentId, {
          description: 'Escrow for agreed work',
          counterparty_did: reservation.providerDid,
          ...negotiationOf(reservation),
        });
        open.push(reservation);
        break;
      }
      case 'settle': {
        const r = open.shift()!;
        const metadata = {
          description: 'Payment for delivered work',
          counterparty_did: r.providerDid,
          reserve_transaction_id: r.reserveId,
          ...negotiationOf(r),
        };
        ledger.spend(at, r.amount, r.intentId, metadata, true);
        break;
      }
      case 'cancel': {
        const r = open.shift()!;
        ledger.release(at, r.amount, r.intentId, {
          description: 'Escrow cancelled',
          reserve_transaction_id: r.reserveId,
          ...negotiationOf(r),
        });
        break;
      }
      case 'spend':
        ledger.spend(
          at,
          draw.int(MIN_CHARGE, Math.min(available, 100 * UNITS_PER_CREDIT)),
          seededUuid(draw.stream),
          { description: 'Immediate payment', counterparty_did: input.counterparty() },
          false,
        );
        break;
    }
  }
  return { account: ledger.account(), transactions: ledger.transactions, keys: ledger.keys };
}

const STEPS: readonly Step[] = ['deposit', 'earn', 'reserve', 'settle', 'cancel', 'spend'];

/** A step drawn with these weights (draw.weighted, over a record made once per step). */
function nextStep(draw: Draw, weights: Readonly<Record<Step, number>>): Step {
  let total = 0;
  for (const step of STEPS) total += weights[step];
  let target = draw.random() * total;
  for (const step of STEPS) {
    target -= weights[step];
    if (target < 0) return step;
  }
  return STEPS[STEPS.length - 1]!;
}

function negotiationOf(r: Reservation): { negotiation_id?: string } {
  return r.negotiationId !== undefined ? { negotiation_id: r.negotiationId } : {};
}

/** n distinct, strictly increasing whole-millisecond instants in [from, to]. */
function increasingTimes(draw: Draw, n: number, from: number, to: number): number[] {
  return strictlyIncreasing(Array.from({ length: n }, () => draw.int(from, to - n)));
}
