// The similarity provider's cosine for given pairs, for readers that compare
// two entities outside a run (duplicate detection, the compare page).
//
// Sentence models: the cosine of the two stored embeddings, in Cypher.
// Lexical: exact sparse TF-IDF needs the whole corpus's document frequencies,
// so the index of every entity's text is built once per process and kept
// until a similarity run records a different corpus (its version, a hash of
// every text hash, is written with the run's edges). Texts changed since the
// last run are compared as the run last saw them, like their similarity edges.
import { createHash } from "node:crypto";
import { readEnv } from "../config";
import { buildTextSignals, type TextSignals } from "../candidates/signals";
import { sparseCosine } from "../candidates/sparse";
import { calibrated } from "../candidates/terms";
import { readQuery } from "../neo4j/driver";
import { readEntityState } from "./store";

/** Embedding cosine of pairs (the index's score is (1 + cos) / 2). */
export const EMBEDDING_COSINES = `
UNWIND $pairs AS p
MATCH (a:Entity {id: p[0]}), (b:Entity {id: p[1]})
WHERE a.embedding IS NOT NULL AND b.embedding IS NOT NULL AND a.embeddingModel = b.embeddingModel
RETURN p[0] AS a, p[1] AS b, 2 * vector.similarity.cosine(a.embedding, b.embedding) - 1 AS cosine`;

export const CORPUS_VERSION = "OPTIONAL MATCH (c:SimilarityCorpus {id: 'lexical'}) RETURN c.version AS version";
export const SET_CORPUS_VERSION = "MERGE (c:SimilarityCorpus {id: 'lexical'}) SET c.version = $version, c.at = datetime()";

/** A version for a set of texts: the hash of their ids and text hashes, in id order. */
export function corpusVersion(texts: { id: string; hash: string }[]): string {
  const h = createHash("sha1");
  for (const t of [...texts].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) h.update(`${t.id}\t${t.hash}\n`);
  return h.digest("base64url").slice(0, 22);
}

interface LexicalIndex {
  version: string;
  at: Map<string, number>;
  text: TextSignals;
}

let cached: LexicalIndex | null = null;
let building: Promise<LexicalIndex> | null = null;

async function lexicalIndex(): Promise<LexicalIndex> {
  const [row] = await readQuery(CORPUS_VERSION);
  const version = row?.version == null ? "none" : String(row.version);
  if (cached && cached.version === version) return cached;
  building ??= (async () => {
    const state = await readEntityState();
    const built: LexicalIndex = { version, at: new Map(state.map((e, i) => [e.id, i])), text: buildTextSignals(state) };
    cached = built;
    return built;
  })().finally(() => {
    building = null;
  });
  return building;
}

const key = (a: string, b: string) => `${a}|${b}`;

/** Cosines of the pairs the provider can compare (keyed "a|b" as given); pairs it cannot are absent. */
export async function pairCosines(pairs: [string, string][]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (pairs.length === 0) return out;
  if (readEnv().SIMILARITY_PROVIDER !== "lexical") {
    for (let i = 0; i < pairs.length; i += 2000) {
      for (const r of await readQuery(EMBEDDING_COSINES, { pairs: pairs.slice(i, i + 2000) })) out.set(key(String(r.a), String(r.b)), Number(r.cosine));
    }
    return out;
  }
  const ix = await lexicalIndex();
  for (const [a, b] of pairs) {
    const x = ix.at.get(a);
    const y = ix.at.get(b);
    if (x !== undefined && y !== undefined) out.set(key(a, b), calibrated(sparseCosine(ix.text.index, x, y)));
  }
  return out;
}
