// An entity corpus tokenised once: every word (as the lexical signal reads
// words: stopwords out, plurals folded, accents folded) becomes an integer id,
// and each entity keeps its name, aliases and description as id sequences.
// The lexical terms and the mention phrases are both made from these, so a
// 100k-entity corpus is split into words once. Pure.
import { words, type EmbeddingInput } from "../kernel/entity-text";

export interface TokenizedCorpus {
  /** Word of each token id. */
  vocab: string[];
  /** Per entity: its name, then its aliases, as token ids. */
  names: Int32Array[][];
  /** Per entity: its description as token ids (empty when none). */
  descriptions: Int32Array[];
}

export function tokenize(docs: EmbeddingInput[]): TokenizedCorpus {
  const ids = new Map<string, number>();
  const vocab: string[] = [];
  const seq = (text: string): Int32Array => {
    const ws = words(text);
    const out = new Int32Array(ws.length);
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i] as string;
      let id = ids.get(w);
      if (id === undefined) {
        id = vocab.length;
        ids.set(w, id);
        vocab.push(w);
      }
      out[i] = id;
    }
    return out;
  };
  const names = docs.map((d) => [d.name, ...d.aliases].map(seq));
  const descriptions = docs.map((d) => (d.description ? seq(d.description) : new Int32Array(0)));
  return { vocab, names, descriptions };
}
