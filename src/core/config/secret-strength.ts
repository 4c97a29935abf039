/**
 * Whether a configured secret looks like one: not a placeholder copied from `.env.example` or a tutorial, and not a
 * value a person typed (`aaaa…`, `abcabc…`, `password123…`). The entropy estimate is the Shannon entropy of the
 * value's own symbols times its length: a random value scores close to its real strength, a repetitive one low.
 */
const PLACEHOLDER = /change[-_ ]?me|replace[-_ ]?me|placeholder|example|your[-_ ]?(secret|key|token)|^x{8,}$|^(secret|password|admin|test)$/i;

/** A secret's estimated strength must reach this: 80 bits is beyond any brute force of a signing key or API key. */
const MIN_STRING_BITS = 80;
/** 32 random bytes score about 155; a key that is mostly one repeated byte scores far less. */
const MIN_KEY_BITS = 120;

export function shannonBits(symbols: ArrayLike<number | string>): number {
  const counts = new Map<number | string, number>();
  for (let i = 0; i < symbols.length; i++) counts.set(symbols[i]!, (counts.get(symbols[i]!) ?? 0) + 1);
  let perSymbol = 0;
  for (const count of counts.values()) {
    const p = count / symbols.length;
    perSymbol -= p * Math.log2(p);
  }
  return perSymbol * symbols.length;
}

/** True for `abcabcabc…`: the value is a shorter pattern repeated. */
function isRepetition(value: string): boolean {
  return value.length >= 4 && (value + value).indexOf(value, 1) < value.length;
}

/** Null when the string secret is acceptable; the problem (with the variable's name) otherwise. */
export function weakSecretProblem(name: string, value: string): string | null {
  if (PLACEHOLDER.test(value)) return `${name} is a placeholder; generate a random value (openssl rand -base64 32)`;
  if (isRepetition(value) || shannonBits(Array.from(value)) < MIN_STRING_BITS) {
    return `${name} has too little entropy; generate a random value (openssl rand -base64 32)`;
  }
  return null;
}

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/** Null when the 32-byte key is acceptable. */
export function weakKeyProblem(name: string, key: Buffer): string | null {
  if (shannonBits(key) < MIN_KEY_BITS) return `${name} has too little entropy; generate one with openssl rand -base64 32`;
  return null;
}
