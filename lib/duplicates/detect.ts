// Duplicate detection over the whole graph: reads the active entities in pages
// (only what scoring needs), blocks them (blocking.ts) and adds the pairs
// joined by a similarity edge, scores each pair in JS (score.ts), and ranks.
// Merged entities and pairs a curator called "not the same" (or merged) are
// never proposed; pairs a curator flagged "duplicate?" always are, with that
// reason. Shared by the queue page, the API, the CLI and the benchmark.
import { pairCosines } from "../similarity/pair-cosine";
import { readEnv } from "../config";
import { readQuery } from "../neo4j/driver";
import { cypherInt, toCount } from "../neo4j/ints";
import { pairKey } from "../curation/pairs";
import { blockPairs, DEFAULT_BLOCKING, type BlockingOptions } from "./blocking";
import { duplicateScore, explain, kindsCompatible, nameSimilarity, nameVariants, scoreUpperBound, yearsConflict, type NameVariant } from "./score";
import { SAMENESS_DIFFERENT, SAMENESS_MERGED, type DuplicateCandidate, type DuplicateSide } from "./types";

export interface DetectOptions {
  /** Only pairs with an entity of this kind on either side. */
  kind?: string | null;
  /** Default: DUPLICATE_THRESHOLD. */
  minScore?: number;
  offset?: number;
  /** Default: every candidate. */
  limit?: number;
  blocking?: BlockingOptions;
  /** Progress of the long phases (for the CLI): phase name, done, total. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface DetectStats {
  entities: number;
  /** Pairs proposed by name blocks, by similarity edges, and by curators' "duplicate?" marks. */
  blockPairs: number;
  similarityPairs: number;
  suspectedPairs: number;
  /** Distinct pairs scored (never all n(n-1)/2 of them). */
  compared: number;
  allPairs: number;
  blocksSkipped: number;
  largestBlock: number;
  seconds: number;
}

export interface DetectResult {
  threshold: number;
  minScore: number;
  total: number;
  candidates: DuplicateCandidate[];
  stats: DetectStats;
}

/** One page of entities in id order (an index range seek), with their typed degree and outgoing similarity edges. */
export const ENTITY_PAGE = `
MATCH (e:Entity) WHERE e.id > $after
WITH e ORDER BY e.id LIMIT $limit
RETURN e.id AS id, e.kind AS kind, e.name AS name, e.aliases AS aliases, e.year AS year,
       coalesce(e.status, 'active') = 'merged' AS merged,
       COUNT { (e)--(:Entity) } - COUNT { (e)-[:SIMILAR_TO]-(:Entity) } AS degree,
       [(e)-[s:SIMILAR_TO]->(o:Entity) | [o.id, s.score]] AS similar`;

/** Curators' verdicts on pairs: "not the same", merged, or flagged as a suspected duplicate. */
export const DECISIONS = `
MATCH (d:Decision)
WHERE d.sameness IN [$different, $merged] OR d.state = 'duplicate-suspected'
RETURN d.a AS a, d.b AS b, d.sameness AS sameness, d.state AS state, d.by AS by`;

/** Typed neighbours two entities share, walked from the side with fewer typed edges (p[0]). */
export const SHARED_NEIGHBOURS = `
UNWIND $pairs AS p
MATCH (a:Entity {id: p[0]}), (b:Entity {id: p[1]})
CALL (a, b) {
  MATCH (a)-[r]-(n:Entity)
  WHERE NOT r:SIMILAR_TO AND n <> b AND EXISTS { (n)-[r2]-(b) WHERE NOT r2:SIMILAR_TO }
  RETURN count(DISTINCT n) AS shared
}
RETURN p[0] AS a, p[1] AS b, shared`;

/** The sides of the pairs shown, with their descriptions (only read for what is returned). */
export const SIDES = `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id, e.description AS description`;

interface Loaded {
  id: string;
  kind: string;
  name: string;
  aliases: string[];
  year: number | null;
  degree: number;
  variants: NameVariant[];
}

const PAGE = 10_000;
const BATCH = 2_000;

async function readEntities(onProgress?: DetectOptions["onProgress"]) {
  const entities: Loaded[] = [];
  const similar: [string, string, number][] = [];
  let read = 0;
  let after = "";
  for (;;) {
    const rows = await readQuery(ENTITY_PAGE, { after, limit: cypherInt(PAGE) });
    read += rows.length;
    for (const r of rows) {
      const id = String(r.id);
      if (r.merged === true) continue; // a redirect: never proposed
      const aliases = Array.isArray(r.aliases) ? r.aliases.map(String) : [];
      const name = String(r.name);
      entities.push({
        id,
        kind: String(r.kind),
        name,
        aliases,
        year: typeof r.year === "number" ? r.year : null,
        degree: toCount(r.degree),
        variants: nameVariants(name, aliases),
      });
      for (const s of (r.similar as [string, number][] | null) ?? []) similar.push([id, String(s[0]), Number(s[1])]);
    }
    onProgress?.("reading entities", read, 0);
    if (rows.length < PAGE) break;
    after = String(rows[rows.length - 1]?.id);
  }
  return { entities, similar };
}

async function inBatches<T>(items: T[], run: (batch: T[]) => Promise<void>, onBatch?: (done: number) => void) {
  for (let i = 0; i < items.length; i += BATCH) {
    await run(items.slice(i, i + BATCH));
    onBatch?.(Math.min(items.length, i + BATCH));
  }
}

/** Candidate duplicate pairs, best first, filtered and paged; `total` counts every candidate that passed the filters. */
export async function findDuplicateCandidates(options: DetectOptions = {}): Promise<DetectResult> {
  const started = performance.now();
  const env = readEnv();
  const threshold = env.DUPLICATE_THRESHOLD;
  const minScore = options.minScore ?? threshold;
  const progress = options.onProgress;

  const [{ entities, similar }, decisionRows] = await Promise.all([
    readEntities(progress),
    readQuery(DECISIONS, { different: SAMENESS_DIFFERENT, merged: SAMENESS_MERGED }),
  ]);
  const n = entities.length;
  const index = new Map(entities.map((e, i) => [e.id, i]));
  const excluded = new Set<string>();
  const suspectedBy = new Map<string, string>();
  for (const d of decisionRows) {
    const key = pairKey(String(d.a), String(d.b));
    if (d.sameness === SAMENESS_DIFFERENT || d.sameness === SAMENESS_MERGED) excluded.add(key);
    else if (d.state === "duplicate-suspected") suspectedBy.set(key, d.by == null ? "a curator" : String(d.by));
  }

  // ── Pairs worth scoring ──────────────────────────────────────────────
  progress?.("blocking", 0, n);
  const blocked = blockPairs(entities, options.blocking ?? DEFAULT_BLOCKING);
  const pairs = blocked.pairs;
  const blockCount = pairs.size;
  const simScore = new Map<number, number>();
  const code = (x: string, y: string): number | null => {
    const i = index.get(x);
    const j = index.get(y);
    if (i === undefined || j === undefined || i === j) return null;
    return i < j ? i * n + j : j * n + i;
  };
  for (const [x, y, score] of similar) {
    const c = code(x, y);
    if (c === null) continue;
    pairs.add(c);
    simScore.set(c, Math.max(simScore.get(c) ?? -1, score));
  }
  const suspectedCodes = new Map<number, string>();
  for (const [key, by] of suspectedBy) {
    const [x, y] = key.split("|") as [string, string];
    const c = code(x, y);
    if (c !== null) {
      pairs.add(c);
      suspectedCodes.set(c, by);
    }
  }

  // ── First pass: names, the similarity edge's cosine, years ───────────
  interface Scored {
    i: number;
    j: number;
    names: number;
    cosine: number | null;
    shared: number;
    suspectedBy: string | null;
  }
  const kept: Scored[] = [];
  let compared = 0;
  for (const c of pairs) {
    const i = Math.floor(c / n);
    const j = c % n;
    const a = entities[i] as Loaded;
    const b = entities[j] as Loaded;
    if (options.kind && a.kind !== options.kind && b.kind !== options.kind) continue;
    // Similarity edges and curators' marks may join any kinds; only compatible ones are duplicates.
    if (!kindsCompatible(a.kind, b.kind) || excluded.has(pairKey(a.id, b.id))) continue;
    compared++;
    const by = suspectedCodes.get(c) ?? null;
    const names = nameSimilarity(a.variants, b.variants);
    const cosine = simScore.get(c) ?? null;
    const bound = scoreUpperBound({ kindA: a.kind, kindB: b.kind, names, cosine: cosine ?? 1, degreeA: a.degree, degreeB: b.degree, yearA: a.year, yearB: b.year, suspected: by !== null });
    if (bound >= minScore || by !== null) kept.push({ i, j, names, cosine, shared: 0, suspectedBy: by });
  }

  // ── Second pass (Neo4j): cosines of pairs without an edge, shared neighbours ──
  const pairIds = (s: Scored) => [entities[s.i]!.id, entities[s.j]!.id] as [string, string];
  const byKey = new Map(kept.map((s) => [pairKey(...pairIds(s)), s]));
  const noEdge = kept.filter((s) => s.cosine === null);
  await inBatches(noEdge, async (batch) => {
    for (const [k, cosine] of await pairCosines(batch.map(pairIds))) {
      const [a, b] = k.split("|") as [string, string];
      const s = byKey.get(pairKey(a, b));
      if (s) s.cosine = cosine;
    }
  }, (done) => progress?.("cosines", done, noEdge.length));
  const evidence = (s: Scored, shared: number) => {
    const a = entities[s.i] as Loaded;
    const b = entities[s.j] as Loaded;
    return { kindA: a.kind, kindB: b.kind, names: s.names, cosine: s.cosine, sharedNeighbours: shared, degreeA: a.degree, degreeB: b.degree, yearA: a.year, yearB: b.year, suspected: s.suspectedBy !== null };
  };
  const hopeful = kept.filter((s) => s.suspectedBy !== null || scoreUpperBound(evidence(s, 0)) >= minScore);
  const withNeighbours = hopeful.filter((s) => entities[s.i]!.degree > 0 && entities[s.j]!.degree > 0);
  await inBatches(withNeighbours, async (batch) => {
    const ordered = batch.map((s) => {
      const [x, y] = pairIds(s);
      return entities[s.i]!.degree <= entities[s.j]!.degree ? [x, y] : [y, x];
    });
    for (const r of await readQuery(SHARED_NEIGHBOURS, { pairs: ordered })) {
      const s = byKey.get(pairKey(String(r.a), String(r.b)));
      if (s) s.shared = toCount(r.shared);
    }
  }, (done) => progress?.("shared neighbours", done, withNeighbours.length));

  // ── Final scores, ranking, the page ──────────────────────────────────
  const ranked = hopeful
    .map((s) => ({ s, score: duplicateScore(evidence(s, s.shared)) }))
    .filter(({ s, score }) => score > 0 && (score >= minScore || s.suspectedBy !== null))
    .sort((x, y) => y.score - x.score || pairIds(x.s).join("|").localeCompare(pairIds(y.s).join("|")));
  const offset = options.offset ?? 0;
  const page = ranked.slice(offset, options.limit === undefined ? undefined : offset + options.limit);
  const descriptions = new Map<string, string | null>();
  const ids = [...new Set(page.flatMap(({ s }) => pairIds(s)))];
  for (let k = 0; k < ids.length; k += BATCH) {
    for (const r of await readQuery(SIDES, { ids: ids.slice(k, k + BATCH) })) descriptions.set(String(r.id), r.description == null ? null : String(r.description));
  }
  const side = (e: Loaded): DuplicateSide => ({ id: e.id, kind: e.kind, name: e.name, aliases: e.aliases, description: descriptions.get(e.id) ?? null, degree: e.degree });
  const candidates = page.map(({ s, score }): DuplicateCandidate => {
    let a = entities[s.i] as Loaded;
    let b = entities[s.j] as Loaded;
    if (b.id < a.id) [a, b] = [b, a];
    const yearsDiffer = yearsConflict(a.year, b.year) ? { a: a.year as number, b: b.year as number } : null;
    const reasons = { names: s.names, cosine: s.cosine, sharedNeighbours: s.shared, suspectedBy: s.suspectedBy, yearsDiffer };
    return { a: side(a), b: side(b), score, reasons, explanation: explain(reasons) };
  });
  return {
    threshold,
    minScore,
    total: ranked.length,
    candidates,
    stats: {
      entities: n,
      blockPairs: blockCount,
      similarityPairs: simScore.size,
      suspectedPairs: suspectedCodes.size,
      compared,
      allPairs: (n * (n - 1)) / 2,
      blocksSkipped: blocked.skipped,
      largestBlock: blocked.largest,
      seconds: (performance.now() - started) / 1000,
    },
  };
}
