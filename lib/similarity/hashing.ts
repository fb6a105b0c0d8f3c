// Feature hashing: strings to 32-bit hashes (FNV-1a, then a murmur finaliser
// so low and high bits are both well mixed), and from a hash to a bucket of
// the IDF table, a dimension of the embedding and a sign. Pure.

export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Dimension and sign of a feature: signed hashing keeps collisions from adding up to a bias. */
export function slot(hash: number, dimensions: number): { dim: number; sign: 1 | -1 } {
  const m = fmix32(hash ^ 0x9e3779b9);
  return { dim: m % dimensions, sign: m & 0x80000000 ? -1 : 1 };
}
