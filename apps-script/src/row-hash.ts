// A fast non-cryptographic row hash in plain JS (cyrb53): change detection without a service call
// per row, so hashing 50,000 rows costs no Utilities.computeDigest calls.

/** 53-bit hash of a string as base-36 text (about 11 characters). */
export function hashText(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Hash of the values a row sends (already converted for the API), under a given header. */
export function rowHash(headerSignature: string, cells: readonly unknown[]): string {
  return hashText(`${headerSignature}\u0000${JSON.stringify(cells)}`);
}
