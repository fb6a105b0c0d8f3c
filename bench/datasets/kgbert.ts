// Converter for the link-prediction sets in KG-BERT's layout (WN18RR, UMLS;
// see ../shared/benchmarks/README.md, part B) into our ingest format: one
// `concept` entity per KG entity (name and definition, or a long text), the
// train triples as typed edges, and the dev and test triples kept apart as
// the held-out links. Pure: file contents in, rows out.
import type { EdgeRow, EntityRow } from "../../lib/ingest/rows";

export interface KgBertFiles {
  /** entity2text.txt: `<id>\t<text>`; for WN18RR the text is "name, definition". */
  entityText: string;
  /** Optional long texts (UMLS entity2textlong.txt), used as descriptions. */
  entityLongText?: string;
  relationText: string;
  train: string;
  dev: string;
  test: string;
}

export interface Triple {
  head: string;
  relation: string;
  tail: string;
}

export interface ConvertedLinks {
  entities: EntityRow[];
  edges: EdgeRow[];
  vocabulary: { kinds: unknown[]; relations: unknown[]; statuses: string[] };
  /** Held-out triples, ids already in our form. */
  dev: Triple[];
  test: Triple[];
  /** What the conversion had to change, for the report. */
  notes: string[];
}

const DESCRIPTION_MAX = 5000;

/** An entity id of ours for a KG id: `concept:` + lower-case a-z0-9 words joined by `-`. */
export function conceptId(raw: string): string {
  const slug = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!slug) throw new Error(`entity id "${raw}" has no letters or digits`);
  return `concept:${slug}`;
}

/** Relation keys our vocabulary reserves (similarity edges); a dataset relation of that name gets a suffix. */
const RESERVED = new Set(["similar_to"]);

/** A relation key of ours: `_hypernym` → hypernym, `co-occurs_with` → co_occurs_with, `_similar_to` → similar_to_relation. */
export function relationKey(raw: string): string {
  const key = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!/^[a-z]/.test(key)) throw new Error(`relation "${raw}" does not start with a letter`);
  return RESERVED.has(key) ? `${key}_relation` : key;
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== "");
}

function tabbed(text: string, file: string, fields: number): string[][] {
  return lines(text).map((l, i) => {
    const cells = l.split("\t");
    if (cells.length < fields) throw new Error(`${file}:${i + 1}: expected ${fields} tab-separated fields, found ${cells.length}`);
    return cells;
  });
}

/** Cuts a text at a word boundary to fit the ingest limit. */
export function clip(text: string, max = DESCRIPTION_MAX): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function convertKgBert(files: KgBertFiles): ConvertedLinks {
  const notes: string[] = [];
  const long = new Map<string, string>();
  if (files.entityLongText) for (const [id, text] of tabbed(files.entityLongText, "entity2textlong.txt", 2)) long.set(id as string, (text as string).trim());
  const ids = new Map<string, string>();
  const entities: EntityRow[] = [];
  let clipped = 0;
  for (const [raw, text] of tabbed(files.entityText, "entity2text.txt", 2)) {
    const id = conceptId(raw as string);
    if (ids.has(raw as string)) throw new Error(`entity2text.txt: "${raw}" is listed twice`);
    ids.set(raw as string, id);
    // WN18RR: "name, definition" (split at the first ", "); UMLS: the name alone.
    const t = (text as string).trim();
    const comma = t.indexOf(", ");
    const name = (comma > 0 ? t.slice(0, comma) : t).trim();
    let description = long.get(raw as string) ?? (comma > 0 ? t.slice(comma + 2).trim() : "");
    if (description.length > DESCRIPTION_MAX) {
      description = clip(description);
      clipped++;
    }
    const row: EntityRow = { id, kind: "concept", name: name.slice(0, 300) };
    if (description && description.toLowerCase() !== name.toLowerCase()) row.description = description;
    entities.push(row);
  }
  if (clipped) notes.push(`${clipped} description(s) cut to ${DESCRIPTION_MAX} characters`);
  const seenIds = new Set<string>();
  for (const e of entities) {
    if (seenIds.has(e.id)) throw new Error(`two entities map to the id ${e.id}`);
    seenIds.add(e.id);
  }

  const relations = tabbed(files.relationText, "relation2text.txt", 2).map(([raw, text]) => ({
    key: relationKey(raw as string),
    forward: (text as string).trim() || relationKey(raw as string).replace(/_/g, " "),
    inverse: `inverse of ${(text as string).trim() || relationKey(raw as string).replace(/_/g, " ")}`,
  }));
  const known = new Set(relations.map((r) => r.key));
  const triples = (text: string, file: string): Triple[] =>
    tabbed(text, file, 3).map(([h, r, t], i) => {
      const head = ids.get(h as string);
      const tail = ids.get(t as string);
      const relation = relationKey(r as string);
      if (!head || !tail) throw new Error(`${file}:${i + 1}: entity "${head ? t : h}" has no text in entity2text.txt`);
      if (!known.has(relation)) throw new Error(`${file}:${i + 1}: relation "${r}" is not in relation2text.txt`);
      return { head, relation, tail };
    });
  const train = triples(files.train, "train.tsv");
  const loops = train.filter((t) => t.head === t.tail).length;
  if (loops) notes.push(`${loops} self-loop(s) in train left out (an edge joins two entities)`);
  const edges: EdgeRow[] = train.filter((t) => t.head !== t.tail).map((t) => ({ source: t.head, relation: t.relation, target: t.tail }));
  return {
    entities,
    edges,
    vocabulary: {
      kinds: [{ key: "concept", label: "Concept", plural: "Concepts", tier: "core" }],
      relations,
      statuses: ["active", "referenced-only", "merged"],
    },
    dev: triples(files.dev, "dev.tsv"),
    test: triples(files.test, "test.tsv"),
    notes,
  };
}
