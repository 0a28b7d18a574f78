/**
 * One independent stream of the seed (one chunk of agents): a small fast generator (sfc32,
 * Chris Doty-Humphrey's "small fast chaotic" PRNG, 128 bits of state), seeded from (seed, stream)
 * through splitmix32. The same (seed, stream) always yields the same values, whatever ran before
 * it, in whichever thread. Every draw of a seed goes through here, several per column: faker's
 * Mersenne Twister behind `faker.number.float()` cost about five times as much per draw, which
 * is why the seeder no longer calls faker (the file keeps its name for its callers).
 *
 * A thread makes its chunks one at a time, so a stream is usable until the next one is made:
 * drawing from an older stream throws instead of silently mixing two chunks' draws.
 */
export interface SeededStream {
  /** A float in [0, 1), 53 random bits. */
  next(): number;
  /** 32 random bits, an unsigned integer. */
  uint32(): number;
}

/** Outputs dropped after seeding, so that nearby seeds have left their common start behind. */
const WARM_UP_DRAWS = 15;
const TWO_POW_21 = 0x20_0000;
const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_53 = TWO_POW_21 * TWO_POW_32;

let current: object | undefined;

/** splitmix32's finaliser: a well-mixed 32-bit value from any 32-bit input. */
function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A class, not closures made per stream: every chunk's stream then calls the same functions, so
 * code V8 optimised for one chunk still fits the next (closures would be new call targets each
 * chunk, and the optimised code would be thrown away and compiled again).
 */
class Sfc32Stream implements SeededStream {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(
    seed: number,
    private readonly stream: number,
  ) {
    // Held as signed 32-bit values (| 0), as draw() leaves them: a field that held an unsigned
    // one first would change representation later, and V8 would deoptimise every caller.
    this.a = mix32(seed) | 0;
    this.b = mix32(this.a ^ stream) | 0;
    this.c = mix32(this.b ^ Math.floor(stream / TWO_POW_32)) | 0;
    for (let i = 0; i < WARM_UP_DRAWS; i++) this.draw();
  }

  next(): number {
    this.check();
    return ((this.draw() >>> 11) * TWO_POW_32 + this.draw()) / TWO_POW_53;
  }

  uint32(): number {
    this.check();
    return this.draw();
  }

  private draw(): number {
    const { a, b, c, d } = this;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const rotated = (c << 21) | (c >>> 11);
    this.c = (rotated + t) | 0;
    return t >>> 0;
  }

  private check(): void {
    if (current !== this) {
      throw new Error(`Seed stream ${this.stream} was drawn from after a newer stream was made.`);
    }
  }
}

/** `_refDate` is accepted for older callers; no draw depends on it. */
export function seededStream(seed: number, stream: number, _refDate?: Date): SeededStream {
  const made = new Sfc32Stream(seed, stream);
  current = made;
  return made;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return (
    HEX[value >>> 24]! +
    HEX[(value >>> 16) & 0xff]! +
    HEX[(value >>> 8) & 0xff]! +
    HEX[value & 0xff]!
  );
}

/** The character codes of the lowercase hex digits. */
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const DASH = 0x2d;

/** The character code of the hex digit of `word`'s four bits from `shift` up. */
const hexDigit = (word: number, shift: number): number => HEX_DIGITS[(word >>> shift) & 0xf]!;

/**
 * A version-4 UUID from the seeded stream: four 32-bit draws give its 122 random bits. The text
 * is made in one piece from its 36 character codes: joining hex pieces made a rope of about
 * fifteen strings a UUID, which the COPY writer then flattened, and that was a third of what a
 * chunk allocated.
 */
export function seededUuid(stream: SeededStream): string {
  const a = stream.uint32();
  const b = ((stream.uint32() & 0xffff0fff) | 0x4000) >>> 0;
  const c = ((stream.uint32() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = stream.uint32();
  // prettier-ignore
  return String.fromCharCode(
    hexDigit(a, 28), hexDigit(a, 24), hexDigit(a, 20), hexDigit(a, 16),
    hexDigit(a, 12), hexDigit(a, 8), hexDigit(a, 4), hexDigit(a, 0), DASH,
    hexDigit(b, 28), hexDigit(b, 24), hexDigit(b, 20), hexDigit(b, 16), DASH,
    hexDigit(b, 12), hexDigit(b, 8), hexDigit(b, 4), hexDigit(b, 0), DASH,
    hexDigit(c, 28), hexDigit(c, 24), hexDigit(c, 20), hexDigit(c, 16), DASH,
    hexDigit(c, 12), hexDigit(c, 8), hexDigit(c, 4), hexDigit(c, 0),
    hexDigit(d, 28), hexDigit(d, 24), hexDigit(d, 20), hexDigit(d, 16),
    hexDigit(d, 12), hexDigit(d, 8), hexDigit(d, 4), hexDigit(d, 0),
  );
}

/** `length` lowercase hex characters from the seeded stream. */
export function seededHex(stream: SeededStream, length: number): string {
  let out = '';
  while (out.length < length) out += hex32(stream.uint32());
  return out.slice(0, length);
}
