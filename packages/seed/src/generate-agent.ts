import type { AgentIdentity } from './agent-identity.js';
import type { Draw } from './draw.js';
import type { AgentRow } from '@ainp/db';
import type { Seeded } from './seed-tables.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './time-windows.js';

/** What agents advertise; discovery searches these with `capabilities @> ARRAY[...]`. */
export const CAPABILITY_TAGS = [
  'translate',
  'summarize',
  'classify',
  'extract-entities',
  'code-review',
  'code-generate',
  'image-caption',
  'image-generate',
  'speech-to-text',
  'text-to-speech',
  'search',
  'route',
  'store',
  'validate',
  'train',
  'forecast',
  'schedule',
  'negotiate',
] as const;

/** Registration lifetimes (ms) and how often agents pick them. */
export const TTL_CHOICES: readonly (readonly [number, number])[] = [
  [5 * MS_PER_MINUTE, 1],
  [MS_PER_HOUR, 3],
  [6 * MS_PER_HOUR, 2],
  [MS_PER_DAY, 4],
  [7 * MS_PER_DAY, 2],
  [30 * MS_PER_DAY, 1],
];

/** The share of agents whose registration has lapsed (expires_at before the reference date). */
export const EXPIRED_AGENT_SHARE = 0.15;

/**
 * One agents row. usefulness_score_cached and usefulness_last_updated start empty: the chunk
 * fills them in from the agent's proofs (usefulness-cache-value.ts) before the row is written.
 */
export function generateAgent(
  draw: Draw,
  id: string,
  identity: AgentIdentity,
  refDateMs: number,
): Seeded<AgentRow> {
  const ttl = draw.weighted(TTL_CHOICES);
  const created = identity.createdAtMs;
  const canHaveLapsed = created + ttl < refDateMs - MS_PER_MINUTE;
  let lastSeen: number;
  if (canHaveLapsed && draw.random() < EXPIRED_AGENT_SHARE) {
    lastSeen = created + draw.int(0, refDateMs - MS_PER_MINUTE - ttl - created);
  } else {
    // Seen recently enough that the registration is still live at the reference date.
    lastSeen = Math.max(created, refDateMs - draw.int(0, Math.floor(ttl * 0.9)));
  }
  return {
    id,
    did: identity.did,
    public_key: identity.publicKey,
    created_at: new Date(created),
    last_seen_at: new Date(lastSeen),
    ttl: BigInt(ttl),
    expires_at: new Date(lastSeen + ttl),
    capabilities: draw.subset(CAPABILITY_TAGS, 1, 5),
    usefulness_score_cached: 0,
    usefulness_last_updated: null,
  };
}
