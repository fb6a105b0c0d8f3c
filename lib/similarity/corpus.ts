// The lexical provider's corpus statistics (document frequencies for IDF),
// kept as a snapshot on one (:SimilarityCorpus) node.
//
// Why a snapshot: IDF computed afresh on every run would shift slightly with
// every new entity, so every embedding would change and nothing could be
// incremental. Instead embeddings are made against a fixed snapshot whose id is
// part of the model name. Entities added or changed since the snapshot are
// embedded with it (unseen words weigh like the rarest ones). Once the entities
// embedded since the snapshot exceed DRIFT of the corpus it was taken from, the
// snapshot is retaken and — the model name changing — everything is embedded
// and relinked again (--full does the same at any time).
import { corpusId, decodeCorpus, documentFrequencies, encodeCorpus, type Corpus } from "./lexical";
import { readCorpus, writeCorpus } from "./store";
import type { EmbeddingInput } from "./text";

/** Share of the snapshot's corpus that may change before statistics are retaken. */
export const DRIFT = 0.2;

export interface Snapshot {
  id: string;
  corpus: Corpus;
  /** Entities embedded against this snapshot since it was taken. */
  changed: number;
}

export async function loadSnapshot(): Promise<Snapshot | null> {
  const stored = await readCorpus();
  if (!stored) return null;
  try {
    return { id: stored.id, corpus: decodeCorpus(stored), changed: stored.changed };
  } catch {
    return null; // unreadable statistics are retaken
  }
}

/** Whether `dirty` more entities to embed would push the snapshot past DRIFT. */
export function snapshotTooOld(s: Snapshot, dirty: number): boolean {
  return s.changed + dirty > DRIFT * Math.max(s.corpus.docs, 1);
}

export async function takeSnapshot(docs: EmbeddingInput[]): Promise<Snapshot> {
  const corpus = documentFrequencies(docs);
  const id = corpusId(corpus);
  await writeCorpus({ id, ...encodeCorpus(corpus), changed: 0 });
  return { id, corpus, changed: 0 };
}
