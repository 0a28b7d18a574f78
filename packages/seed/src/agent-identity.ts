import { createHash } from 'node:crypto';
import { didKeyFromEd25519 } from './did-key.js';
import { AGENT_HISTORY_MS, MIN_AGENT_AGE_MS } from './time-windows.js';

/**
 * What anyone can know about agent number `index` of a seed without generating its chunk: its
 * DID, public key and registration time. Negotiations and payments name counterparties from
 * other chunks through this, so chunks stay independent (and can be generated in any thread).
 * Different (seed, index) pairs give different keys, which is what keeps appends collision-free.
 */
export interface AgentIdentity {
  readonly did: string;
  /** The raw 32-byte Ed25519 public key, base64. */
  readonly publicKey: string;
  readonly createdAtMs: number;
}

export function agentIdentity(seed: number, index: number, refDateMs: number): AgentIdentity {
  const digest = createHash('sha512').update(`ainp-seed/agent/${seed}/${index}`).digest();
  const key = digest.subarray(0, 32);
  const fraction = digest.readUInt32BE(32) / 0x1_0000_0000;
  // Skewed toward recent registrations: the network grows.
  const age =
    MIN_AGENT_AGE_MS + Math.floor(fraction * fraction * (AGENT_HISTORY_MS - MIN_AGENT_AGE_MS));
  return {
    did: didKeyFromEd25519(key),
    publicKey: key.toString('base64'),
    createdAtMs: refDateMs - age,
  };
}

/** agentIdentity, remembered: counterparties are looked up again and again. */
export function identityBook(seed: number, refDateMs: number): (index: number) => AgentIdentity {
  const known = new Map<number, AgentIdentity>();
  return (index) => {
    let identity = known.get(index);
    if (identity === undefined) {
      identity = agentIdentity(seed, index, refDateMs);
      known.set(index, identity);
    }
    return identity;
  };
}
