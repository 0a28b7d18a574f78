/** The multicodec prefix of an Ed25519 public key (0xed, varint-encoded), as did:key uses it. */
const ED25519_PUB_MULTICODEC = [0xed, 0x01];
const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Bitcoin-alphabet base58, as multibase 'z' uses it. */
export function base58btc(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i]! << 8;
      digits[i] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  let out = '';
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out += '1';
  for (let i = digits.length - 1; i >= 0; i--) out += BASE58_ALPHABET[digits[i]!];
  return out;
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
