// The entity page's data in one round trip: the entity, its typed
// neighbourhood grouped by kind (ranked and paged in Cypher, so a supernode
// never loads 10,000 members), conceptual bridges, similarity partners without
// a typed edge, restatements, and paper / thinker extras.
import { readEnv } from "../config";
import { readQuery, type Row } from "../neo4j/driver";
import { cypherInt, toCount, type Plain } from "../neo4j/ints";
import { loadVocabulary, relationKeyOfType, type Vocabulary } from "../vocabulary";
import { groupOrder, RANK_NEIGHBOURS_BY_KIND, relationLabel } from "./ranking";
import { pairKeyCypher } from "../curation/pairs";
import { explain, toSignals } from "../candidates/explain";
import { NUMBERS_PER_ENTRY } from "../candidates/lists";
import type { Bridge, EntityPage, EntityRef, GroupMember, NeighbourGroup, SimilarEntity, SuggestedEntity } from "./types";

export const PAGE_SIZE = 20;
export const SIMILAR_LIMIT = 100;
export const BRIDGE_LIMIT = 8;
/** Bridges are not searched through hubs: a path through a 5,000-edge node says little. */
export const BRIDGE_HUB_LIMIT = 500;
/** At most this many of the best-ranked neighbours are used as intermediates. */
export const BRIDGE_VIA_LIMIT = 40;

// Typed degree = all relationships minus similarity ones (both use the degree store).
// Groups: each kind's members in rank order (links to this entity, then own typed
// degree, then name), sliced to the requested page. Hubs have that order stored
// (lib/entities/rankings.ts), so their 10,000 neighbours are not ranked per view;
// other entities are ranked live. Only the page's members are then looked at closely.
export const ENTITY_PAGE = `
MATCH (e:Entity {id: $id})
OPTIONAL MATCH (rk:Ranking {entity: e.id})
WITH e, collect(rk) AS rankings
CALL (e, rankings) {
  CALL (e, rankings) {
    WITH e, rankings WHERE size(rankings) = 0
    ${RANK_NEIGHBOURS_BY_KIND}
    WITH kind, ranked, CASE WHEN kind = $group THEN $skip ELSE 0 END AS skip
    RETURN kind, size(ranked) AS total, skip, ranked[skip..skip + $pageSize] AS page
    UNION ALL
    UNWIND rankings AS rk
    WITH rk, CASE WHEN rk.kind = $group THEN $skip ELSE 0 END AS skip
    CALL (rk, skip) {
      UNWIND range(0, size(rk.members[skip..skip + $pageSize]) - 1) AS i
      MATCH (m:Entity {id: rk.members[skip + i]})
      WITH i, m ORDER BY i
      RETURN collect(m) AS page
    }
    RETURN rk.kind AS kind, rk.total AS total, skip, page
  }
  CALL (e, page) {
    UNWIND range(0, size(page) - 1) AS i
    WITH i, page[i] AS n
    MATCH (e)-[r]-(n)
    WHERE NOT r:SIMILAR_TO
    WITH i, n, collect({type: type(r), out: startNode(r) = e}) AS rels
    ORDER BY i
    RETURN collect({id: n.id, kind: n.kind, name: n.name, description: n.description, status: n.status,
                    rels: rels, links: size(rels), degree: COUNT { (n)--() } - COUNT { (n)-[:SIMILAR_TO]-() }}) AS members
  }
  RETURN collect({kind: kind, total: total, skip: skip, members: members}) AS groups
}
CALL {
  // Bridges go through the best-ranked neighbours (each group's first page), never
  // through hubs, so a supernode's 10,000 neighbours are not expanded a second time.
  WITH e, groups
  UNWIND groups AS g
  UNWIND g.members AS member
  WITH e, member WHERE member.degree <= $hubLimit
  WITH e, member ORDER BY member.links DESC, member.degree DESC LIMIT $viaLimit
  MATCH (m:Entity {id: member.id})-[r2]-(b:Entity)
  WHERE NOT r2:SIMILAR_TO AND b <> e
  // Nor do they lead to hubs. "Not linked to e" is checked from b's side, which is
  // small then: the planner would expand e, which may be a hub itself.
  AND COUNT { (b)--() } <= $hubLimit
  AND NOT e IN [(b)-[t]-(x) WHERE NOT t:SIMILAR_TO | x]
  WITH b, count(*) AS paths, collect(DISTINCT {id: m.id, kind: m.kind, name: m.name}) AS via
  ORDER BY paths DESC, b.name ASC
  LIMIT $bridgeLimit
  RETURN collect({id: b.id, kind: b.kind, name: b.name, description: b.description, paths: paths, via: via[..3]}) AS bridges
}
CALL {
  WITH e
  // Pairs a curator dismissed as not related are left out (lib/curation); a
  // suspected duplicate stays, marked, until duplicate curation settles it.
  OPTIONAL MATCH (e)-[s:SIMILAR_TO]-(n:Entity)
  // Checked from n's side: e may be a hub.
  WHERE s.score >= $threshold AND NOT e IN [(n)-[t]-(x) WHERE NOT t:SIMILAR_TO | x]
  OPTIONAL MATCH (d:Decision {pair: ${pairKeyCypher("e", "n")}})
  WITH n, max(s.score) AS score, max(d.state) AS decision
  WHERE n IS NULL OR decision IS NULL OR decision <> 'dismissed'
  ORDER BY score DESC, n.name ASC
  WITH collect(CASE WHEN n IS NULL THEN null ELSE {id: n.id, kind: n.kind, name: n.name, description: n.description, score: score, decision: decision} END) AS found
  RETURN size(found) AS similarTotal, found[..$similarLimit] AS similar
}
CALL {
  WITH e
  OPTIONAL MATCH (e)-[s:SIMILAR_TO]-(n:Entity)
  WHERE s.score >= $restateThreshold
    AND NOT EXISTS { MATCH (d:Decision {pair: ${pairKeyCypher("e", "n")}}) WHERE d.state = 'dismissed' }
  WITH n, max(s.score) AS score
  ORDER BY score DESC, n.name ASC
  RETURN collect(CASE WHEN n IS NULL THEN null ELSE {id: n.id, kind: n.kind, name: n.name, description: n.description, score: score} END)[..20] AS restatedBy
}
// The entity's ranked candidate list (lib/candidates), stored on its node; redirects left out.
CALL (e) {
  WITH e, coalesce(e.candidateIds, []) AS ids
  UNWIND range(0, size(ids) - 1) AS i
  MATCH (n:Entity {id: ids[i]}) WHERE coalesce(n.status, 'active') <> 'merged'
  WITH n, e.candidateNumbers[i * $entryWidth .. (i + 1) * $entryWidth] AS nums
  RETURN collect({id: n.id, kind: n.kind, name: n.name, description: n.description, score: nums[0], rank: nums[1], signals: nums[3..]}) AS suggested
}
// Paper and thinker extras in guarded subqueries: a pattern comprehension in a
// CASE branch would still be evaluated for every entity, hubs included.
OPTIONAL CALL (e) {
  WITH e WHERE e.kind = 'paper'
  RETURN {
    authors: [(t:Entity {kind: 'thinker'})-[:AUTHORED]->(e) | {id: t.id, name: t.name}],
    extracted: [(x:Entity)-[:EXTRACTED_FROM]->(e) | {id: x.id, kind: x.kind, name: x.name}][..200]
             + [(e)-[:INTRODUCES]->(x:Entity) | {id: x.id, kind: x.kind, name: x.name}][..200],
    citedByTotal: COUNT { (:Entity)-[:CITES]->(e) },
    citedBy: [(c:Entity)-[:CITES]->(e) | {id: c.id, kind: c.kind, name: c.name}][..50]
  } AS paper
}
OPTIONAL CALL (e) {
  WITH e WHERE e.kind = 'thinker'
  RETURN {
    authoredTotal: COUNT { (e)-[:AUTHORED]->(:Entity) },
    authored: [(e)-[:AUTHORED]->(p:Entity) | {id: p.id, kind: p.kind, name: p.name, year: p.year}][..100],
    introduced: [(e)-[:AUTHORED]->(:Entity)-[:INTRODUCES]->(x:Entity) | {id: x.id, kind: x.kind, name: x.name}][..300]
  } AS thinker
}
// A subquery, not a pattern comprehension in RETURN: in this query the planner
// evaluated that one expensively on hubs (18 ms of a 60 ms page).
CALL (e) {
  MATCH (e)-[:EXTRACTED_FROM]->(p:Entity)
  RETURN collect({id: p.id, kind: p.kind, name: p.name, year: p.year, authors: p.authors})[..1] AS sourcePaper
}
OPTIONAL MATCH (cm:Community {id: e.community})
// The page's own fields only: not the embedding or other bookkeeping.
RETURN e {.id, .kind, .name, .status, .description, .aliases, .year, .url, .mergedInto,
          .authors, .venue, .doi, .arxiv, .tldr, .takeaways} AS entity,
       COUNT { (e)--() } - COUNT { (e)-[:SIMILAR_TO]-() } AS edges,
       groups, bridges, similarTotal, similar, restatedBy, suggested,
       sourcePaper,
       CASE WHEN cm IS NULL THEN [] ELSE [{id: cm.id, label: cm.label, size: cm.size}] END AS community,
       paper, thinker`;

export interface EntityPageOptions {
  /** The group being paged (`?group=paper&page=2`); other groups show their first page. */
  group?: string;
  page?: number;
}

const str = (v: Plain | undefined): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: Plain | undefined): number | null => (typeof v === "number" ? v : null);
const strings = (v: Plain | undefined): string[] => (Array.isArray(v) ? v.map(String) : []);
const obj = (v: Plain | undefined) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, Plain>) : {});
const list = (v: Plain | undefined) => (Array.isArray(v) ? v.filter((x) => x !== null).map(obj) : []);
const ref = (m: Record<string, Plain>): EntityRef => ({ id: String(m.id), kind: String(m.kind), name: String(m.name) });

function dedupe<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}

function byKind(vocab: Vocabulary, items: EntityRef[]) {
  const groups = new Map<string, EntityRef[]>();
  for (const item of dedupe(items)) groups.set(item.kind, [...(groups.get(item.kind) ?? []), item]);
  return vocab.kinds
    .filter((k) => groups.has(k.key))
    .map((k) => ({ kind: k.key, plural: k.plural, members: (groups.get(k.key) ?? []).sort((a, b) => a.name.localeCompare(b.name)) }));
}

function similarOf(v: Plain | undefined): SimilarEntity[] {
  return list(v).map((m) => ({
    ...ref(m),
    description: str(m.description),
    score: Number(m.score),
    duplicateSuspected: m.decision === "duplicate-suspected",
  }));
}

function suggestedOf(v: Plain | undefined, shown: Set<string>): SuggestedEntity[] {
  return list(v)
    .filter((m) => !shown.has(String(m.id)))
    .map((m) => ({
      ...ref(m),
      description: str(m.description),
      score: Number(m.score),
      rank: toCount(m.rank),
      why: explain(toSignals(Array.isArray(m.signals) ? m.signals.map(Number) : [])),
    }))
    .sort((a, b) => a.rank - b.rank);
}

/** Maps the query's row to the page's plain objects. Exported for tests. */
export function toEntityPage(row: Row, vocab: Vocabulary, opts: { thresholds: { similar: number; restate: number } }): EntityPage {
  const e = obj(row.entity);
  const kind = String(e.kind);
  const groupsByKind = new Map<string, NeighbourGroup>();
  for (const g of list(row.groups)) {
    const k = String(g.kind);
    const def = vocab.kindByKey.get(k);
    const total = toCount(g.total);
    const members: GroupMember[] = list(g.members).map((m) => ({
      ...ref(m),
      description: str(m.description),
      status: str(m.status) ?? "active",
      links: toCount(m.links),
      degree: toCount(m.degree),
      relations: list(m.rels).map((r) => {
        const relation = relationKeyOfType(vocab, String(r.type)) ?? String(r.type).toLowerCase();
        return { relation, outgoing: r.out === true, label: relationLabel(vocab, relation, r.out === true) };
      }),
    }));
    groupsByKind.set(k, {
      kind: k,
      label: def?.label ?? k,
      plural: def?.plural ?? k,
      total,
      page: Math.floor(toCount(g.skip) / PAGE_SIZE) + 1,
      pageSize: PAGE_SIZE,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      members,
    });
  }
  const order = groupOrder(vocab, kind);
  const groups = [
    ...order.flatMap((k) => (groupsByKind.has(k) ? [groupsByKind.get(k) as NeighbourGroup] : [])),
    ...[...groupsByKind.values()].filter((g) => !order.includes(g.kind)),
  ];
  const bridges: Bridge[] = list(row.bridges).map((b) => ({
    ...ref(b),
    description: str(b.description),
    paths: toCount(b.paths),
    via: list(b.via).map(ref),
  }));
  const sp = list(row.sourcePaper)[0];
  const paper = row.paper ? obj(row.paper) : null;
  const thinker = row.thinker ? obj(row.thinker) : null;
  const authorsByName = new Map(list(paper?.authors).map((a) => [String(a.name), String(a.id)]));
  return {
    entity: {
      id: String(e.id),
      kind,
      kindLabel: vocab.kindByKey.get(kind)?.label ?? kind,
      name: String(e.name),
      status: str(e.status) ?? "active",
      description: str(e.description),
      aliases: strings(e.aliases),
      year: num(e.year),
      url: str(e.url),
      mergedInto: str(e.mergedInto),
      edges: toCount(row.edges),
      authors: strings(e.authors),
      venue: str(e.venue),
      doi: str(e.doi),
      arxiv: str(e.arxiv),
      tldr: str(e.tldr),
      takeaways: strings(e.takeaways),
    },
    sourcePaper: sp ? { ...ref(sp), year: num(sp.year), authors: strings(sp.authors) } : null,
    community: list(row.community).map((c) => ({ id: toCount(c.id), label: String(c.label), size: toCount(c.size) }))[0] ?? null,
    groups,
    bridges,
    similar: { threshold: opts.thresholds.similar, total: toCount(row.similarTotal), members: similarOf(row.similar) },
    restatedBy: { threshold: opts.thresholds.restate, members: similarOf(row.restatedBy) },
    suggested: suggestedOf(row.suggested, new Set(list(row.similar).map((m) => String(m.id)))),
    paper: paper
      ? {
          // Authors in the paper's own order; those with a thinker entity link to it.
          authors: (strings(obj(row.entity).authors).length ? strings(obj(row.entity).authors) : [...authorsByName.keys()]).map(
            (name) => ({ name, id: authorsByName.get(name) ?? null }),
          ),
          extracted: byKind(vocab, list(paper.extracted).map(ref)),
          citedBy: { total: toCount(paper.citedByTotal), members: list(paper.citedBy).map(ref) },
        }
      : null,
    thinker: thinker
      ? {
          authored: {
            total: toCount(thinker.authoredTotal),
            members: list(thinker.authored)
              .map((p) => ({ ...ref(p), year: num(p.year) }))
              .sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.name.localeCompare(b.name)),
          },
          introduced: byKind(vocab, list(thinker.introduced).map(ref)),
        }
      : null,
  };
}

/** The parameters of ENTITY_PAGE (exported so benchmarks run exactly the page's query). */
export function entityPageParams(id: string, opts: EntityPageOptions = {}) {
  const env = readEnv();
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  return {
    id,
    group: opts.group ?? null,
    skip: cypherInt((page - 1) * PAGE_SIZE),
    pageSize: cypherInt(PAGE_SIZE),
    hubLimit: cypherInt(BRIDGE_HUB_LIMIT),
    viaLimit: cypherInt(BRIDGE_VIA_LIMIT),
    bridgeLimit: cypherInt(BRIDGE_LIMIT),
    threshold: env.SIMILARITY_THRESHOLD,
    restateThreshold: env.RESTATE_THRESHOLD,
    similarLimit: cypherInt(SIMILAR_LIMIT),
    entryWidth: cypherInt(NUMBERS_PER_ENTRY),
  };
}

/** The entity page of `id`, or null when no entity has that id. */
export async function getEntityPage(id: string, opts: EntityPageOptions = {}): Promise<EntityPage | null> {
  const env = readEnv();
  const vocab = loadVocabulary();
  const rows = await readQuery(ENTITY_PAGE, entityPageParams(id, opts));
  const row = rows[0];
  if (!row) return null;
  return toEntityPage(row, vocab, { thresholds: { similar: env.SIMILARITY_THRESHOLD, restate: env.RESTATE_THRESHOLD } });
}
