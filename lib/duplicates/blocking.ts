// Blocking for duplicate detection: which pairs are worth scoring at all, so
// detection never compares every pair. Entities sharing a rare name word, the
// same name core ("transformer" for "Transformer" and "Transformer
// Architecture"), or an acronym and the initials it abbreviates, fall in one
// block; blocks too big to say anything (a word in thousands of names) are
// skipped. detect.ts adds the pairs joined by a similarity edge (the vector
// index's nearest neighbours). Pure.
import { kindsCompatible, type NameVariant } from "./score";

export interface BlockEntity {
  kind: string;
  variants: NameVariant[];
}

export interface BlockingOptions {
  /** Blocks with more entities than this are skipped (a common word identifies nothing). */
  maxBlock: number;
}

export const DEFAULT_BLOCKING: BlockingOptions = { maxBlock: 50 };

export interface BlockingResult {
  /** Pairs as i * n + j with i < j (indices into the entity list). */
  pairs: Set<number>;
  blocks: number;
  /** Blocks skipped for size, and the largest block seen. */
  skipped: number;
  largest: number;
}

/** Subsequences of an acronym that keep its first letter, length ≥ 2: the initials it may abbreviate ("sae" → sae, sa, se). */
export function acronymInitials(acronym: string): string[] {
  const out = new Set<string>();
  const rest = acronym.slice(1);
  const n = Math.min(rest.length, 7);
  for (let mask = 1; mask < 1 << n; mask++) {
    let s = acronym[0] as string;
    for (let k = 0; k < n; k++) if (mask & (1 << k)) s += rest[k];
    out.add(s);
  }
  return [...out];
}

/** The block keys an entity belongs to, and the initials blocks its acronyms look into. */
export function blockKeys(variants: readonly NameVariant[]): { member: Set<string>; lookup: Set<string> } {
  const member = new Set<string>();
  const lookup = new Set<string>();
  for (const v of variants) {
    for (const t of v.tokens) if (t.length > 1) member.add(`t:${t}`);
    if (v.core.length >= 3) member.add(`c:${v.core}`);
    if (v.initials) member.add(`i:${v.initials}`);
    if (v.acronym) for (const k of acronymInitials(v.acronym)) lookup.add(`i:${k}`);
  }
  return { member, lookup };
}

export function blockPairs(entities: readonly BlockEntity[], options: BlockingOptions = DEFAULT_BLOCKING): BlockingResult {
  const n = entities.length;
  const blocks = new Map<string, number[]>();
  const lookups = new Map<string, number[]>();
  entities.forEach((e, i) => {
    const { member, lookup } = blockKeys(e.variants);
    for (const k of member) {
      const list = blocks.get(k);
      if (list) list.push(i);
      else blocks.set(k, [i]);
    }
    for (const k of lookup) {
      const list = lookups.get(k);
      if (list) list.push(i);
      else lookups.set(k, [i]);
    }
  });
  const pairs = new Set<number>();
  const add = (x: number, y: number) => {
    if (x === y) return;
    const [i, j] = x < y ? [x, y] : [y, x];
    if (kindsCompatible((entities[i] as BlockEntity).kind, (entities[j] as BlockEntity).kind)) pairs.add(i * n + j);
  };
  let skipped = 0;
  let largest = 0;
  for (const [key, members] of blocks) {
    largest = Math.max(largest, members.length);
    if (members.length > options.maxBlock) {
      skipped++;
      continue;
    }
    // Sharing initials says nothing by itself ("Attention Head Residual" / "Activation Hook Registry"): an initials block only answers acronyms.
    if (!key.startsWith("i:")) {
      for (let a = 0; a < members.length; a++) for (let b = a + 1; b < members.length; b++) add(members[a] as number, members[b] as number);
    }
    const askers = lookups.get(key);
    if (askers && askers.length <= options.maxBlock) for (const x of askers) for (const y of members) add(x, y);
  }
  return { pairs, blocks: blocks.size, skipped, largest };
}
