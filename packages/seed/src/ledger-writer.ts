import type {
  CreditAccountRow,
  CreditAccountSnapshot,
  CreditIdempotencyKeyRow,
  CreditOperationRequest,
  CreditOperationType,
  CreditTransactionRow,
  CreditTransactionType,
  TransactionMetadata,
} from '@ainp/db';
import { isoTimestamp } from './iso-timestamp.js';
import { jsonMembers, jsonString, withJsonText } from './json-text.js';
import { applyLedgerEntry, EMPTY_LEDGER, type LedgerState } from './ledger-rules.js';
import type { Seeded } from './seed-tables.js';

export interface LedgerWriterOptions {
  readonly agentDid: string;
  readonly accountCreatedMs: number;
  /** Operations from this instant on keep their row in credit_idempotency_keys. */
  readonly keysSinceMs: number;
  /** A fresh id from the seeded stream (rows and idempotency keys). */
  newId(): string;
}

/** Every key the seed's ledger metadata can have, in the order its JSON text lists them. */
const METADATA_KEYS = [
  'description',
  'negotiation_id',
  'reserve_transaction_id',
  'counterparty_did',
  'incentive_role',
  'source',
] as const satisfies readonly (keyof TransactionMetadata)[];
/** The optional request fields after amount, in the order its JSON text lists them. */
const REQUEST_KEYS = ['from_reservation', 'intent_id', 'usefulness_proof_id'] as const;

/**
 * Writes one account's ledger the way the credit functions of migration 012 do: each operation
 * has an idempotency key, which every row it writes carries; a settling spend writes a release and
 * a spend at the same instant with the same metadata; the key's row records the request exactly as
 * the function builds it and the account state the operation left. Every row goes through
 * applyLedgerEntry, which refuses any step that breaks the ledger rules.
 */
export class LedgerWriter {
  state: LedgerState = EMPTY_LEDGER;
  readonly transactions: Seeded<CreditTransactionRow>[] = [];
  readonly keys: Seeded<CreditIdempotencyKeyRow>[] = [];
  private lastAtMs: number;
  /** The account's DID as a JSON string, made once for every request and snapshot text. */
  private readonly agentDidJson: string;

  constructor(private readonly options: LedgerWriterOptions) {
    this.lastAtMs = options.accountCreatedMs;
    this.agentDidJson = jsonString(options.agentDid);
  }

  deposit(atMs: number, amount: number, metadata: TransactionMetadata): void {
    this.operation('deposit', atMs, { amount, metadata }, [['deposit', null, null]]);
  }

  earn(
    atMs: number,
    amount: number,
    proof: { id: string; intent_id: string },
    metadata: TransactionMetadata,
  ): void {
    this.operation(
      'earn',
      atMs,
      { amount, usefulness_proof_id: proof.id, intent_id: proof.intent_id, metadata },
      [['earn', proof.intent_id, proof.id]],
    );
  }

  /** Returns the reserve row's id, which the release or spend that settles it names. */
  reserve(atMs: number, amount: number, intentId: string, metadata: TransactionMetadata): string {
    return this.operation('reserve', atMs, { amount, intent_id: intentId, metadata }, [
      ['reserve', intentId, null],
    ]);
  }

  release(atMs: number, amount: number, intentId: string, metadata: TransactionMetadata): void {
    this.operation('release', atMs, { amount, intent_id: intentId, metadata }, [
      ['release', intentId, null],
    ]);
  }

  /** Immediate, or settling a reservation of this intent (a release row, then a spend row). */
  spend(
    atMs: number,
    amount: number,
    intentId: string,
    metadata: TransactionMetadata,
    fromReservation: boolean,
  ): void {
    this.operation(
      'spend',
      atMs,
      { amount, from_reservation: fromReservation, intent_id: intentId, metadata },
      fromReservation
        ? [
            ['release', intentId, null],
            ['spend', intentId, null],
          ]
        : [['spend', intentId, null]],
    );
  }

  /** The account row: the totals the rows add up to, opened and last touched when they say. */
  account(): Seeded<CreditAccountRow> {
    return {
      agent_did: this.options.agentDid,
      ...this.state,
      created_at: new Date(this.options.accountCreatedMs),
      updated_at: new Date(this.lastAtMs),
    };
  }

  /** Appends the operation's rows; returns the first row's id. */
  private operation(
    operation: CreditOperationType,
    atMs: number,
    arguments_: Omit<CreditOperationRequest, 'operation' | 'agent_did'>,
    rows: readonly (readonly [CreditTransactionType, string | null, string | null])[],
  ): string {
    const { agentDid, newId } = this.options;
    // One object, and one JSON text, for every row that carries the operation's metadata.
    const metadata = arguments_.metadata;
    const metadataText = `{${jsonMembers(metadata, METADATA_KEYS)}}`;
    withJsonText(metadata, metadataText);
    const optional = jsonMembers(arguments_, REQUEST_KEYS);
    const key = newId();
    const at = new Date(atMs);
    const amount = BigInt(arguments_.amount);
    const ids = rows.map(([type, intentId, proofId]) => {
      this.state = applyLedgerEntry(this.state, type, amount);
      const id = newId();
      this.transactions.push({
        id,
        agent_did: agentDid,
        tx_type: type,
        amount,
        intent_id: intentId,
        usefulness_proof_id: proofId,
        metadata: arguments_.metadata,
        idempotency_key: key,
        created_at: at,
      });
      return id;
    });
    this.lastAtMs = atMs;
    if (atMs >= this.options.keysSinceMs) {
      this.keys.push({
        idempotency_key: key,
        operation,
        agent_did: agentDid,
        request: withJsonText(
          { operation, agent_did: agentDid, ...arguments_ },
          `{"operation":"${operation}","agent_did":${this.agentDidJson},"amount":${arguments_.amount}${optional === '' ? '' : `,${optional}`},"metadata":${metadataText}}`,
        ),
        result: this.snapshot(),
        created_at: at,
      });
    }
    return ids[0]!;
  }

  /** The account as to_jsonb(credit_accounts) gives it: what a retry with the key gets back. */
  private snapshot(): CreditAccountSnapshot {
    const snapshot: CreditAccountSnapshot = {
      agent_did: this.options.agentDid,
      balance: Number(this.state.balance),
      reserved: Number(this.state.reserved),
      earned: Number(this.state.earned),
      spent: Number(this.state.spent),
      created_at: isoTimestamp(this.options.accountCreatedMs),
      updated_at: isoTimestamp(this.lastAtMs),
    };
    return withJsonText(
      snapshot,
      `{"agent_did":${this.agentDidJson},"balance":${snapshot.balance},"reserved":${snapshot.reserved},"earned":${snapshot.earned},"spent":${snapshot.spent},"created_at":"${snapshot.created_at}","updated_at":"${snapshot.updated_at}"}`,
    );
  }
}
