import { faker as sharedFaker } from '@faker-js/faker/locale/base';
import { describe, expect, it } from 'vitest';
import {
  CHUNK_AGENTS,
  FIRST_CHUNK_AGENTS,
  generatorThreadsFor,
  planChunks,
} from '../src/chunk-plan.js';
import { base58btc, didKeyFromEd25519 } from '../src/did-key.js';
import { isoTimestamp } from '../src/iso-timestamp.js';
import { applyLedgerEntry, EMPTY_LEDGER, LedgerRuleError } from '../src/ledger-rules.js';
import { resolveCounts, SCALE_PRESETS } from '../src/seed-counts.js';
import { DEFAULT_WORKERS, parseRefDate, resolveSeedOptions } from '../src/seed-options.js';
import { seedProgress } from '../src/seed-progress.js';
import { seededStream, seededUuid } from '../src/seeded-faker.js';
import { sortNumbers } from '../src/sort-numbers.js';

describe('ledger rules', () => {
  it('moves the four totals as the equations say', () => {
    let s = applyLedgerEntry(EMPTY_LEDGER, 'deposit', 1000n);
    s = applyLedgerEntry(s, 'earn', 500n);
    s = applyLedgerEntry(s, 'reserve', 700n);
    s = applyLedgerEntry(s, 'release', 700n);
    s = applyLedgerEntry(s, 'spend', 700n);
    expect(s).toEqual({ balance: 800n, reserved: 0n, earned: 500n, spent: 700n });
  });

  it('refuses a step that would overdraw available credit or release more than is reserved', () => {
    const s = applyLedgerEntry(applyLedgerEntry(EMPTY_LEDGER, 'deposit', 100n), 'reserve', 60n);
    expect(() => applyLedgerEntry(s, 'spend', 41n)).toThrow(LedgerRuleError);
    expect(() => applyLedgerEntry(s, 'reserve', 41n)).toThrow(LedgerRuleError);
    expect(() => applyLedgerEntry(s, 'release', 61n)).toThrow(LedgerRuleError);
    expect(() => applyLedgerEntry(s, 'deposit', 0n)).toThrow(LedgerRuleError);
    expect(applyLedgerEntry(s, 'spend', 40n).balance).toBe(60n);
  });
});

describe('ISO timestamps', () => {
  it('writes exactly what Date.toISOString writes, far dates included', () => {
    const instants = [
      0, -1, 1, 951_782_399_999, 951_782_400_000, 1_767_225_599_999, 253_402_300_799_999,
    ];
    instants.push(253_402_300_800_000, -62_167_219_200_001); // years 10000 and -1
    for (let ms = 1_700_000_000_000; ms < 1_800_000_000_000; ms += 997_123_457) instants.push(ms);
    for (const ms of instants)
      expect(isoTimestamp(ms), String(ms)).toBe(new Date(ms).toISOString());
  });
});

describe('did:key', () => {
  it('encodes base58btc and Ed25519 DIDs', () => {
    expect(base58btc(new TextEncoder().encode('hello world'))).toBe('StV1DL6CwTryKyV');
    expect(base58btc(new Uint8Array([0, 0, 1]))).toBe('112');
    const did = didKeyFromEd25519(new Uint8Array(32).fill(7));
    expect(did).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/);
    expect(() => didKeyFromEd25519(new Uint8Array(31))).toThrow(RangeError);
  });
});

describe('counts and options', () => {
  it('scales unnamed counts with --agents and keeps named ones', () => {
    expect(resolveCounts('small', { agents: 100, negotiations: 7 })).toEqual({
      agents: 100,
      trustScores: 90,
      usefulnessProofs: 500,
      creditAccounts: 95,
      creditTransactions: 1000,
      negotiations: 7,
    });
    expect(resolveCounts('load', {})).toEqual(SCALE_PRESETS.load);
  });

  it('rejects contradictions', () => {
    expect(() => resolveCounts('small', { agents: 0, usefulnessProofs: 1 })).toThrow(/--proofs/);
    expect(() => resolveCounts('small', { creditAccounts: 0 })).toThrow(/--transactions/);
    expect(() => resolveCounts('small', { agents: 1 })).toThrow(/--negotiations/);
  });

  it('reads reference dates and defaults', () => {
    expect(parseRefDate('2026-03-04', new Date()).toISOString()).toBe('2026-03-04T00:00:00.000Z');
    expect(parseRefDate('today', new Date('2026-05-06T17:00:00Z')).toISOString()).toBe(
      '2026-05-06T00:00:00.000Z',
    );
    expect(() => parseRefDate('2026-13-01', new Date())).toThrow(/--ref-date/);
    const defaults = resolveSeedOptions({});
    expect(defaults).toMatchObject({ seed: 1, mode: 'fresh', workers: DEFAULT_WORKERS });
    expect(defaults.counts).toEqual(SCALE_PRESETS.small);
  });
});

describe('chunk plan', () => {
  it('shares every count out over the chunks without losing a row', () => {
    const counts = { ...SCALE_PRESETS.load, creditAccounts: 3, creditTransactions: 1_000_003 };
    const chunks = planChunks(counts, 1, new Date(0), 500);
    expect(chunks[0]!.firstAgent).toBe(500);
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) {
      expect(
        chunks.reduce((sum, c) => sum + c.counts[key], 0),
        key,
      ).toBe(counts[key]);
    }
    for (const c of chunks) {
      if (c.counts.creditTransactions > 0) expect(c.counts.creditAccounts).toBeGreaterThan(0);
    }
  });

  it('starts with small warm-up chunks that double up to the full size', () => {
    const chunks = planChunks(
      resolveCounts('small', { agents: 3 * CHUNK_AGENTS }),
      1,
      new Date(0),
      0,
    );
    const sizes = chunks.map((c) => c.counts.agents);
    expect(sizes[0]).toBe(FIRST_CHUNK_AGENTS);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3 * CHUNK_AGENTS);
    for (let i = 1; i < sizes.length - 1; i++) {
      expect(sizes[i]).toBe(Math.min(CHUNK_AGENTS, 2 * sizes[i - 1]!));
    }
    expect(sizes.at(-1)).toBeLessThan(CHUNK_AGENTS); // a short last chunk
    expect(chunks.map((c) => c.firstAgent)).toEqual(
      sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0)),
    );
  });

  it('starts generator threads only for a load with a full-size chunk, at most one per chunk', () => {
    const plan = (agents: number) =>
      planChunks(resolveCounts('small', { agents }), 1, new Date(0), 0);
    expect(generatorThreadsFor(plan(CHUNK_AGENTS - 1), 4)).toBe(0);
    expect(generatorThreadsFor(plan(2 * CHUNK_AGENTS), 1)).toBe(1);
    expect(generatorThreadsFor(plan(2 * CHUNK_AGENTS), 0)).toBe(0);
    const chunks = plan(2 * CHUNK_AGENTS).length;
    expect(generatorThreadsFor(plan(2 * CHUNK_AGENTS), chunks + 3)).toBe(chunks);
  });
});

describe('seeded streams', () => {
  it('repeat for the same (seed, stream), and refuse draws once a newer stream took over', () => {
    const refDate = new Date('2026-01-01T00:00:00Z');
    const first = seededStream(7, 3, refDate);
    const a = [first.next(), first.next(), first.next()];
    const second = seededStream(7, 4, refDate);
    expect(() => first.next()).toThrow(/newer stream/);
    const b = second.next();
    const again = seededStream(7, 3, refDate);
    expect([again.next(), again.next(), again.next()]).toEqual(a);
    expect(b).not.toBe(a[0]);
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
  });

  it('make version-4 UUIDs: the four draws in hex, with the version and variant bits set', () => {
    for (let stream = 0; stream < 200; stream++) {
      const draws = seededStream(11, stream);
      const [a, b, c, d] = [draws.uint32(), draws.uint32(), draws.uint32(), draws.uint32()];
      const hex = (word: number) => word.toString(16).padStart(8, '0');
      const words = [
        a,
        ((b & 0xffff0fff) | 0x4000) >>> 0,
        ((c & 0x3fffffff) | 0x80000000) >>> 0,
        d,
      ];
      const digits = words.map(hex).join('');
      const expected = [0, 8, 12, 16, 20].map((at, i, ends) => digits.slice(at, ends[i + 1]));
      const uuid = seededUuid(seededStream(11, stream));
      expect(uuid).toBe(expected.join('-'));
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it("leave the faker entry point's shared instance as it was", () => {
    sharedFaker.seed(5);
    const expected = [sharedFaker.number.float(), sharedFaker.number.float()];
    sharedFaker.seed(5);
    const first = sharedFaker.number.float();
    seededStream(5, 0, new Date(0)).next();
    expect([first, sharedFaker.number.float()]).toEqual(expected);
  });
});

describe('sorting numbers', () => {
  it('gives what Array.prototype.sort with (a, b) => a - b gives, short lists and long', () => {
    const draws = seededStream(3, 9);
    for (const length of [0, 1, 2, 3, 17, 31, 32, 33, 64, 500]) {
      for (let trial = 0; trial < 20; trial++) {
        // Few distinct values, so ties are common; negative and fractional ones too.
        const values = Array.from({ length }, () => Math.floor(draws.next() * 40) / 4 - 5);
        const expected = [...values].sort((x, y) => x - y);
        expect(sortNumbers(values)).toBe(values);
        expect(values).toEqual(expected);
      }
    }
  });
});

describe('progress display', () => {
  const report = {
    rows: {
      agents: 2,
      trust_scores: 1,
      usefulness_proofs: 3,
      credit_accounts: 2,
      credit_transactions: 9,
      credit_idempotency_keys: 1,
      negotiations: 4,
    },
    firstAgent: 0,
    migrationsApplied: [],
    elapsedMs: 1500,
  };

  it('draws live lines on a terminal and none elsewhere; always prints the summary', () => {
    for (const interactive of [true, false]) {
      let out = '';
      const progress = seedProgress((text) => void (out += text), interactive);
      progress.planned!({ expected: report.rows, firstAgent: 0 });
      progress.loaded!('agents', 2);
      progress.refreshing!();
      progress.summary(report);
      expect(out.includes('\x1b['), `interactive ${interactive}`).toBe(interactive);
      expect(out).toMatch(/Seeded 22 rows in 1\.50 s/);
      expect(out).toMatch(/^ {2}credit_transactions +9$/m);
    }
  });
});
