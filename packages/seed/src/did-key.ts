/** The multicodec prefix of an Ed25519 public key (0xed, varint-encoded), as did:key uses it. */
const ED25519_PUB_MULTICODEC = [0xed, 0x01];
const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Five base58 digits at a time: 58^5 = 656,356,768, so limb * 256 + carry stays exact in a double. */
const LIMB = 58 ** 5;
const LIMB_DIGITS = 5;

/** Bitcoin-alphabet base58, as multibase 'z' uses it. */
export function base58btc(bytes: Uint8Array): string {
  // The number, least significant limb first, in base 58^5.
  const limbs: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < limbs.length; i++) {
      const x = limbs[i]! * 256 + carry;
      carry = Math.floor(x / LIMB);
      limbs[i] = x - carry * LIMB;
    }
    while (carry > 0) {
      const next = Math.floor(carry / LIMB);
      limbs.push(carry - next * LIMB);
      carry = next;
    }
  }
  let digits = '';
  for (let i = limbs.length - 1; i >= 0; i--) {
    let limb = limbs[i]!;
    let group = '';
    for (let d = 0; d < LIMB_DIGITS; d++) {
      const next = Math.floor(limb / 58);
      group = BASE58_ALPHABET[limb - next * 58]! + group;
      limb = next;
    }
    digits += group;
  }
  // The most significant limb's leading zero digits are not part of the number.
  let start = 0;
  while (start < digits.length && digits[start] === '1') start += 1;
  let out = '';
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out += '1';
  return out + digits.slice(start);
}

/**
 * did:key for a 32-byte Ed25519 public key: `did:key:z` + base58btc(0xed01 ‖ key), which is why
 * every such DID starts with `did:key:z6Mk`.
 */
export function didKeyFromEd25519(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) {
    throw new RangeError(`An Ed25519 public key has 32 bytes, not ${publicKey.length}.`);
  }
  const bytes = new Uint8Array(34);
  bytes.set(ED25519_PUB_MULTICODEC, 0);
  bytes.set(publicKey, 2);
  return `did:key:z${base58btc(bytes)}`;
}
