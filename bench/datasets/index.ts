// The public benchmark sets the evaluation knows (../shared/benchmarks, see its
// README), and how each becomes files our ingest reads: entities.jsonl,
// edges.jsonl and vocabulary.json in a folder, plus the held-out links.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { convertKgBert, type ConvertedLinks, type Triple } from "./kgbert";

export interface LinkDataset {
  name: string;
  about: string;
  /** Folder under the benchmarks root. */
  folder: string;
  /** Reads and converts the raw files (paths relative to the dataset folder). */
  convert(read: (file: string) => string): ConvertedLinks;
}

export const LINK_DATASETS: LinkDataset[] = [
  {
    name: "wn18rr",
    about: "WordNet synsets with definitions, 11 relations (KG-BERT's WN18RR); the main link set",
    folder: "links/WN18RR",
    convert: (read) =>
      convertKgBert({ entityText: read("entity2text.txt"), relationText: read("relation2text.txt"), train: read("train.tsv"), dev: read("dev.tsv"), test: read("test.tsv") }),
  },
  {
    name: "umls",
    about: "UMLS semantic types with Wikipedia texts, 46 relations; small and dense, a smoke test",
    folder: "links/umls",
    convert: (read) =>
      convertKgBert({
        entityText: read("entity2text.txt"), entityLongText: read("entity2textlong.txt"), relationText: read("relation2text.txt"),
        train: read("train.tsv"), dev: read("dev.tsv"), test: read("test.tsv"),
      }),
  },
];

export interface PreparedLinks {
  dir: string;
  converted: ConvertedLinks;
  heldOut: { dev: Triple[]; test: Triple[] };
}

/** Converts a dataset into `outDir` (entities, edges, vocabulary), ready for `ingest`. */
export function prepareLinks(ds: LinkDataset, benchmarks: string, outDir: string): PreparedLinks {
  const src = path.join(benchmarks, ds.folder);
  if (!existsSync(src)) throw new Error(`${ds.name}: no benchmark data at ${src} (point --benchmarks at the folder holding links/ and er/)`);
  const converted = ds.convert((file) => {
    const p = path.join(src, file);
    if (!existsSync(p)) throw new Error(`${ds.name}: ${p} is missing`);
    return readFileSync(p, "utf8");
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "entities.jsonl"), `${converted.entities.map((e) => JSON.stringify(e)).join("\n")}\n`);
  writeFileSync(path.join(outDir, "edges.jsonl"), `${converted.edges.map((e) => JSON.stringify(e)).join("\n")}\n`);
  writeFileSync(path.join(outDir, "vocabulary.json"), JSON.stringify(converted.vocabulary, null, 1));
  return { dir: outDir, converted, heldOut: { dev: converted.dev, test: converted.test } };
}
