import { base, en, Faker } from '@faker-js/faker';

/**
 * A faker for one independent stream of the seed (one chunk of agents): the same (seed, stream)
 * always yields the same values, whatever ran before it, in whichever thread.
 */
export function seededFaker(seed: number, stream: number, refDate: Date): Faker {
  const faker = new Faker({ locale: [en, base] });
  faker.seed([seed, stream]);
  faker.setDefaultRefDate(refDate);
  return faker;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function uint32(faker: Faker): number {
  return faker.number.int(0xffffffff);
}

function hex32(value: number): string {
  return (
    HEX[value >>> 24]! +
    HEX[(value >>> 16) & 0xff]! +
    HEX[(value >>> 8) & 0xff]! +
    HEX[value & 0xff]!
  );
}

/**
 * A version-4 UUID drawn from the seeded faker. faker.string.uuid() draws 32 characters one by
 * one; four 32-bit draws give the same 122 random bits about ten times faster.
 */
export function seededUuid(faker: Faker): string {
  const a = hex32(uint32(faker));
  const b = hex32(uint32(faker));
  const c = hex32(uint32(faker));
  const d = hex32(uint32(faker));
  const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(4, 7)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** `length` lowercase hex characters from the seeded faker. */
export function seededHex(faker: Faker, length: number): string {
  let out = '';
  while (out.length < length) out += hex32(uint32(faker));
  return out.slice(0, length);
}
