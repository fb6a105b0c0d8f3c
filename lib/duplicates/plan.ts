// What merging a loser into a survivor changes, as pure functions over the two
// entities and their edges (unit-tested without a database; lib/duplicates/
// merge.ts reads the inputs and applies the plan in one transaction):
//   - which pairs may be merged at all (compatible kinds, neither a redirect,
//     not recorded "not the same"),
//   - the survivor's aliases afterwards (the loser's name and aliases join,
//     deduplicated, never the survivor's own name),
//   - each typed edge of the loser re-pointed to the survivor with its type,
//     direction and properties, except self-loops (an edge between the two) and
//     duplicates (the survivor already has the same type, direction and other
//     end), which are dropped and kept in the undo snapshot,
//   - the loser's similarity edges: provided ones (data) move to the survivor
//     unless the survivor already has a similarity edge with that partner;
//     computed ones are removed (the survivor's similarity is recomputed),
//   - a fingerprint of the curated state of both entities, compared at undo.
import { CANDIDATE_PROPERTIES } from "../candidates/lists";
import { createHash } from "node:crypto";
import { canonicalJson } from "../graph/digest";
import type { Plain } from "../neo4j/ints";
import { kindsCompatible } from "./score";
import { SAMENESS_DIFFERENT, SAMENESS_MERGED } from "./types";

/** A property value with its Cypher type (valueType()), so a snapshot restores the exact type. */
export interface TypedValue {
  t: string;
  v: Plain;
}
export type TypedProps = Record<string, TypedValue>;

export interface SnapshotEdge {
  /** Neo4j relationship type (EXTENDS, SIMILAR_TO, …). */
  type: string;
  source: string;
  target: string;
  props: TypedProps;
}

export interface MergeSide {
  id: string;
  kind: string;
  name: string;
  aliases: string[];
  status: string | null;
  mergedInto: string | null;
}

/** Kinds that can describe the same thing: one rule for what detection proposes and what a merge accepts. */
export const compatibleKinds = kindsCompatible;

export interface PairDecision {
  sameness: string | null;
  state: string | null;
  by: string | null;
  at: string | null;
}

/** Why this pair cannot be merged (a sentence for the curator), or null when it can. */
export function mergeRefusal(survivor: MergeSide, loser: MergeSide, decision: PairDecision | null): string | null {
  if (survivor.id === loser.id) return "An entity cannot be merged into itself.";
  for (const side of [loser, survivor]) {
    if (side.status === SAMENESS_MERGED) {
      return `${side.name} (${side.id}) was already merged into ${side.mergedInto}; compare and merge with ${side.mergedInto} instead.`;
    }
  }
  if (!compatibleKinds(survivor.kind, loser.kind)) {
    return `A ${loser.kind} cannot be merged into a ${survivor.kind}: only entities of the same kind (or a paper and a framework) can be duplicates.`;
  }
  const when = decision ? `${decision.by ?? "a curator"} at ${decision.at ?? "an earlier time"}` : "";
  if (decision?.sameness === SAMENESS_DIFFERENT) {
    return `${survivor.name} and ${loser.name} were recorded as not the same by ${when}; undo that on /activity first if they are the same after all.`;
  }
  if (decision?.sameness === SAMENESS_MERGED) return `This pair was already merged (by ${when}).`;
  if (decision?.state === "dismissed") {
    return `${survivor.name} and ${loser.name} were dismissed as not related by ${when}; undo that on /activity first if they are the same after all.`;
  }
  return null;
}

const fold = (s: string) => s.normalize("NFKC").trim().toLowerCase();

/** The survivor's aliases after the merge: its own, then the loser's name and aliases not already there. */
export function mergedAliases(survivor: Pick<MergeSide, "name" | "aliases">, loser: Pick<MergeSide, "name" | "aliases">): string[] {
  const out = [...survivor.aliases];
  const seen = new Set([survivor.name, ...survivor.aliases].map(fold));
  for (const alias of [loser.name, ...loser.aliases]) {
    const key = fold(alias);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(alias.trim());
  }
  return out;
}

export interface DroppedEdge {
  edge: SnapshotEdge;
  reason: "self-loop" | "duplicate";
}

export interface EdgePlan {
  /** Loser edges to recreate on the survivor: the original, and where it goes. */
  repointed: { from: SnapshotEdge; to: SnapshotEdge }[];
  dropped: DroppedEdge[];
}

const edgeKey = (type: string, source: string, target: string) => `${type}\u0000${source}\u0000${target}`;

/**
 * Re-points the loser's typed edges. `survivorEdges` needs only the survivor's
 * edges whose other end is a neighbour of the loser (the only ones that can
 * collide). Deterministic: edges are handled in (type, source, target) order.
 */
export function planTypedEdges(survivor: string, loser: string, loserEdges: SnapshotEdge[], survivorEdges: Pick<SnapshotEdge, "type" | "source" | "target">[]): EdgePlan {
  const taken = new Set(survivorEdges.map((e) => edgeKey(e.type, e.source, e.target)));
  const plan: EdgePlan = { repointed: [], dropped: [] };
  const move = (id: string) => (id === loser ? survivor : id);
  const ordered = [...loserEdges].sort((x, y) => edgeKey(x.type, x.source, x.target).localeCompare(edgeKey(y.type, y.source, y.target)));
  for (const edge of ordered) {
    const source = move(edge.source);
    const target = move(edge.target);
    if (source === target) {
      plan.dropped.push({ edge, reason: "self-loop" });
      continue;
    }
    const key = edgeKey(edge.type, source, target);
    if (taken.has(key)) {
      plan.dropped.push({ edge, reason: "duplicate" });
      continue;
    }
    taken.add(key);
    plan.repointed.push({ from: edge, to: { ...edge, source, target } });
  }
  return plan;
}

export interface SimilarityPlan {
  /** Provided edges moved to the survivor (stored from the smaller id to the larger). */
  moved: { from: SnapshotEdge; to: SnapshotEdge }[];
  /** Every other similarity edge of the loser: computed ones, or ones the survivor already has. */
  removed: SnapshotEdge[];
}

/** Similarity edges carry computedAt when computed; provided ones (from data files) do not. */
export const isComputed = (e: SnapshotEdge) => e.props.computedAt !== undefined && e.props.computedAt.v !== null;

export function planSimilarityEdges(survivor: string, loser: string, loserEdges: SnapshotEdge[], survivorPartners: Iterable<string>): SimilarityPlan {
  const partners = new Set(survivorPartners);
  const plan: SimilarityPlan = { moved: [], removed: [] };
  const ordered = [...loserEdges].sort((x, y) => edgeKey("", x.source, x.target).localeCompare(edgeKey("", y.source, y.target)));
  for (const edge of ordered) {
    const other = edge.source === loser ? edge.target : edge.source;
    if (isComputed(edge) || other === survivor || partners.has(other)) {
      plan.removed.push(edge);
      continue;
    }
    partners.add(other);
    const [source, target] = survivor < other ? [survivor, other] : [other, survivor];
    plan.moved.push({ from: edge, to: { ...edge, source, target } });
  }
  return plan;
}

/**
 * Properties that follow from others and are rebuilt by the similarity and
 * community runs; they may change after a merge without anyone touching the
 * entity, so the fingerprint leaves them out (undo restores them anyway).
 */
export const DERIVED_PROPERTIES = new Set([
  "embedding", "embeddingHash", "embeddingProvider", "embeddingModel", "similarityStale", "community", "subcommunity",
  ...CANDIDATE_PROPERTIES,
]);

export interface CuratedState {
  id: string;
  props: TypedProps;
  /** Typed edges (similarity edges are derived and left out). */
  edges: Pick<SnapshotEdge, "type" | "source" | "target" | "props">[];
}

function curated(state: CuratedState): Plain {
  const props: Record<string, Plain> = {};
  for (const [k, v] of Object.entries(state.props)) if (!DERIVED_PROPERTIES.has(k)) props[k] = [v.t, v.v];
  const edges = state.edges
    .map((e) => canonicalJson([e.type, e.source, e.target, Object.fromEntries(Object.entries(e.props).map(([k, v]) => [k, [v.t, v.v]]))]))
    .sort();
  return { id: state.id, props, edges };
}

/** What a merge did, as the API and the confirmation show it. */
export interface MergeSummary {
  survivor: { id: string; name: string };
  loser: { id: string; name: string };
  /** Typed edges moved from the loser to the survivor. */
  repointed: number;
  /** Typed edges dropped: self-loops between the two, or duplicates of the survivor's own. */
  dropped: number;
  similarityMoved: number;
  similarityRemoved: number;
  /** Earlier redirects to the loser now pointing at the survivor. */
  redirects: number;
  aliasesAdded: string[];
}

/** Everything an undo needs, kept on the merge's audit entry (JSON). */
export interface MergeSnapshot {
  version: 1;
  survivor: { id: string; props: TypedProps };
  loser: { id: string; props: TypedProps };
  /** The pair's Decision before the merge (sameness, by, at). */
  decision: TypedProps;
  repointed: { from: SnapshotEdge; to: SnapshotEdge }[];
  dropped: DroppedEdge[];
  /** Every similarity edge of both before the merge, and the provided ones moved. */
  similarity: { loser: SnapshotEdge[]; survivor: SnapshotEdge[]; moved: { from: SnapshotEdge; to: SnapshotEdge }[] };
  /** Entities merged earlier into the loser, re-pointed to the survivor. */
  redirects: string[];
  /** The curated state of both right after the merge, and its fingerprint. */
  after: { survivor: CuratedState; loser: CuratedState; fingerprint: string };
}

/** A hash of what curation and ingest can change on the two entities: compared before an undo. */
export function fingerprint(survivor: CuratedState, loser: CuratedState): string {
  return createHash("sha256").update(canonicalJson([curated(survivor), curated(loser)])).digest("hex");
}

/** What changed on one entity between two curated states, in words ("aliases, description changed; 1 typed edge added"). */
export function describeChange(before: CuratedState, after: CuratedState): string | null {
  const parts: string[] = [];
  const keys = new Set([...Object.keys(before.props), ...Object.keys(after.props)]);
  const changed = [...keys]
    .filter((k) => !DERIVED_PROPERTIES.has(k))
    .filter((k) => canonicalJson(before.props[k] ? [before.props[k].t, before.props[k].v] : null) !== canonicalJson(after.props[k] ? [after.props[k].t, after.props[k].v] : null))
    .sort();
  if (changed.length) parts.push(`${changed.join(", ")} changed`);
  const key = (e: CuratedState["edges"][number]) => canonicalJson([e.type, e.source, e.target, Object.fromEntries(Object.entries(e.props).map(([k, v]) => [k, [v.t, v.v]]))]);
  const was = new Set(before.edges.map(key));
  const now = new Set(after.edges.map(key));
  const added = [...now].filter((k) => !was.has(k)).length;
  const removed = [...was].filter((k) => !now.has(k)).length;
  if (added) parts.push(`${added} typed edge${added === 1 ? "" : "s"} added or changed`);
  if (removed) parts.push(`${removed} typed edge${removed === 1 ? "" : "s"} removed or changed`);
  return parts.length ? parts.join("; ") : null;
}
