// The mention signal: entity B's name (or an alias) occurs as a phrase in
// entity A's description, or inside A's longer name ("Toy Poodle" holds
// "Poodle"; a method's description that says "the residual stream" points at
// the Residual Stream concept). It finds partners that share one telling
// phrase and little else, which a cosine over whole texts ranks low. Pure.
//
// Phrases are word sequences as the lexical signal tokenises them (stopwords
// out, plurals folded). A phrase's weight is its inverse document frequency
// over the texts that contain it, so "model" or "set" says little and
// "residual stream" a lot; a phrase that names many entities ("run" names 33
// WordNet senses) is ambiguous, and the ambiguity is kept beside the weight.
// Storage is column-wise (a 100k-entity corpus has millions of mentions).
import type { TokenizedCorpus } from "./tokens";

/** Longest phrase looked up, in words. */
export const MAX_PHRASE_WORDS = 5;
/** Mentions kept per entity (the best by weight). */
export const MAX_MENTIONS = 30;

export interface MentionIndex {
  /** Outgoing mentions of entity d (names of others found in d's text): positions ptr[d]..ptr[d+1]. */
  ptr: Int32Array;
  named: Int32Array;
  /** ln(N / texts containing the phrase) / ln N: 1 for a phrase in one text, near 0 for one in all. */
  weight: Float32Array;
  /** How many entities the phrase names. */
  ambiguity: Int32Array;
  /** Incoming: the entities whose text names d (inBy), at inPtr[d]..inPtr[d+1]; inAt is the mention's position in named. */
  inPtr: Int32Array;
  inBy: Int32Array;
  inAt: Int32Array;
}

/** An open-addressing map from (node, token) to child node, both non-negative int32. */
class ChildTable {
  private parent: Int32Array;
  private token: Int32Array;
  private child: Int32Array;
  private size = 0;
  constructor(capacity: number) {
    let c = 1024;
    while (c < capacity * 2) c *= 2;
    this.parent = new Int32Array(c).fill(-1);
    this.token = new Int32Array(c);
    this.child = new Int32Array(c);
  }
  private slot(node: number, t: number): number {
    const mask = this.parent.length - 1;
    let i = (Math.imul(node, 0x9e3779b1) ^ Math.imul(t, 0x85ebca6b)) & mask;
    while (this.parent[i] !== -1 && (this.parent[i] !== node || this.token[i] !== t)) i = (i + 1) & mask;
    return i;
  }
  get(node: number, t: number): number {
    const i = this.slot(node, t);
    return this.parent[i] === -1 ? -1 : (this.child[i] as number);
  }
  set(node: number, t: number, child: number): void {
    const i = this.slot(node, t);
    if (this.parent[i] === -1) this.size++;
    this.parent[i] = node;
    this.token[i] = t;
    this.child[i] = child;
  }
}

/** A trie of the names (token-id sequences), and the entities named at each node. */
function nameTrie(corpus: TokenizedCorpus) {
  let tokens = 0;
  for (const forms of corpus.names) for (const seq of forms) tokens += Math.min(seq.length, MAX_PHRASE_WORDS);
  const child = new ChildTable(tokens + 1);
  const named = new Map<number, number[]>();
  let nodes = 1; // node 0 is the root
  corpus.names.forEach((forms, d) => {
    for (const seq of forms) {
      if (seq.length === 0 || seq.length > MAX_PHRASE_WORDS) continue;
      let node = 0;
      for (const t of seq) {
        let next = child.get(node, t);
        if (next < 0) {
          next = nodes++;
          child.set(node, t, next);
        }
        node = next;
      }
      const list = named.get(node);
      if (!list) named.set(node, [d]);
      else if (list[list.length - 1] !== d) list.push(d);
    }
  });
  const isNamed = new Uint8Array(nodes);
  for (const node of named.keys()) isNamed[node] = 1;
  return { nodes, child, named, isNamed };
}

/**
 * Finds every entity's names in every other entity's text (its description,
 * and its own names when they hold a shorter name). Phrases naming more than
 * `maxNamed` entities, or found in more than `maxDf` texts, are ignored: too
 * ambiguous or too common to suggest a link.
 */
export function buildMentions(corpus: TokenizedCorpus, opts: { maxNamed: number; maxDf: number }): MentionIndex {
  const n = corpus.names.length;
  const trie = nameTrie(corpus);
  // Pass 1: the phrases (trie nodes) each text holds, and in how many texts each occurs.
  const lastSeen = new Int32Array(trie.nodes).fill(-1);
  const ownOf = new Int32Array(trie.nodes).fill(-1);
  const dfOf = new Int32Array(trie.nodes);
  const hitPtr = new Int32Array(n + 1);
  const hits: number[] = [];
  for (let d = 0; d < n; d++) {
    const scan = (seq: Int32Array, whole: boolean) => {
      for (let i = 0; i < seq.length; i++) {
        let node = 0;
        for (let len = 1; len <= MAX_PHRASE_WORDS && i + len <= seq.length; len++) {
          node = trie.child.get(node, seq[i + len - 1] as number);
          if (node < 0) break;
          if (whole && len === seq.length) ownOf[node] = d; // the entity's own name, not a mention
          else if (trie.isNamed[node] === 1 && lastSeen[node] !== d) {
            lastSeen[node] = d;
            hits.push(node);
          }
        }
      }
    };
    const from = hits.length;
    for (const seq of corpus.names[d] as Int32Array[]) scan(seq, true);
    scan(corpus.descriptions[d] as Int32Array, false);
    let w = from;
    for (let j = from; j < hits.length; j++) if (ownOf[hits[j] as number] !== d) hits[w++] = hits[j] as number;
    hits.length = w;
    for (let j = from; j < w; j++) dfOf[hits[j] as number] = (dfOf[hits[j] as number] as number) + 1;
    hitPtr[d + 1] = w;
  }
  // Pass 2: the kept mentions of each text: its phrases by weight (then node), each phrase's
  // entities in id order, the first MAX_MENTIONS distinct entities (each at its best weight).
  const logN = Math.log(Math.max(n, 2));
  const ptr = new Int32Array(n + 1);
  const named: number[] = [];
  const weight: number[] = [];
  const ambiguity: number[] = [];
  const from: number[] = [];
  const taken = new Int32Array(n).fill(-1);
  const phrases: number[] = [];
  const phraseWeight = new Float64Array(trie.nodes);
  for (let node = 0; node < trie.nodes; node++) if (dfOf[node]) phraseWeight[node] = Math.log(n / (dfOf[node] as number)) / logN;
  for (let i = 0; i < n; i++) {
    phrases.length = 0;
    for (let j = hitPtr[i] as number; j < (hitPtr[i + 1] as number); j++) {
      const node = hits[j] as number;
      if ((trie.named.get(node) as number[]).length > opts.maxNamed || (dfOf[node] as number) > opts.maxDf) continue;
      phrases.push(node);
    }
    phrases.sort((x, y) => (phraseWeight[y] as number) - (phraseWeight[x] as number) || x - y);
    let kept = 0;
    for (const node of phrases) {
      const targets = trie.named.get(node) as number[];
      for (const t of targets) {
        if (t === i || taken[t] === i) continue;
        taken[t] = i;
        named.push(t);
        from.push(i);
        weight.push(phraseWeight[node] as number);
        ambiguity.push(targets.length);
        if (++kept === MAX_MENTIONS) break;
      }
      if (kept === MAX_MENTIONS) break;
    }
    ptr[i + 1] = named.length;
  }
  // Incoming, by transposing.
  const inPtr = new Int32Array(n + 1);
  for (const t of named) inPtr[t + 1] = (inPtr[t + 1] as number) + 1;
  for (let i = 0; i < n; i++) inPtr[i + 1] = (inPtr[i + 1] as number) + (inPtr[i] as number);
  const fill = inPtr.slice(0, n);
  const inBy = new Int32Array(named.length);
  const inAt = new Int32Array(named.length);
  for (let j = 0; j < named.length; j++) {
    const t = named[j] as number;
    inBy[fill[t] as number] = from[j] as number;
    inAt[fill[t] as number] = j;
    fill[t] = (fill[t] as number) + 1;
  }
  return { ptr, named: Int32Array.from(named), weight: Float32Array.from(weight), ambiguity: Int32Array.from(ambiguity), inPtr, inBy, inAt };
}
