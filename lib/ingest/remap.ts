// Rows naming merged entities, rewritten before an ingest writes them (pure).
// A merged entity stays a redirect to its survivor, so re-ingesting the data
// it came from must not bring it back:
//   - an entity row for an id a curator merged is skipped (the redirect stays;
//     the row's other fields are ignored: the survivor holds the entity now),
//   - edge and similarity rows naming a merged id are moved to the final
//     survivor; one that becomes a self-loop or repeats another row is dropped
//     (rows that named the survivor themselves win over moved ones),
//   - a survivor's row keeps the names its merges added to its aliases.
// Data files may declare redirects themselves (status 'merged', mergedInto);
// those rows are written as given, and rows naming them are mapped the same way.
import { finalTarget, type StoredRedirect } from "../duplicates/redirects";
import { pairKey } from "../similarity/plan";
import { mergedAliases } from "../duplicates/plan";
import type { EdgeRow, EntityRow, SimilarityRow } from "./rows";

export interface RemapReport {
  /** Entity rows for merged ids, not written. */
  skippedEntities: number;
  /** Edge and similarity rows whose ends were moved to survivors. */
  mappedEdges: number;
  mappedSimilarities: number;
  /** Moved rows dropped as self-loops or repeats. */
  droppedEdges: number;
  droppedSimilarities: number;
}

export interface Remapped {
  entities: EntityRow[];
  edges: EdgeRow[];
  similarities: SimilarityRow[];
  /** Survivors' aliases to keep beyond their rows' own (written, not hashed). */
  extraAliases: Map<string, string[]>;
  report: RemapReport;
}

export const EMPTY_REPORT: RemapReport = { skippedEntities: 0, mappedEdges: 0, mappedSimilarities: 0, droppedEdges: 0, droppedSimilarities: 0 };

export function remapRows(input: { entities: EntityRow[]; edges: EdgeRow[]; similarities: SimilarityRow[] }, stored: StoredRedirect[]): Remapped {
  const curated = new Map(stored.filter((r) => r.curated).map((r) => [r.id, r]));
  const next = new Map(stored.map((r) => [r.id, r.to]));
  // Redirects a data file declares (not over a curator's merge).
  for (const row of input.entities) {
    if (curated.has(row.id)) continue;
    if (row.status === "merged" && row.mergedInto) next.set(row.id, row.mergedInto);
    else next.delete(row.id);
  }
  if (next.size === 0) return { ...input, extraAliases: new Map(), report: { ...EMPTY_REPORT } };
  const final = new Map<string, string | null>();
  const target = (id: string): string => {
    if (!final.has(id)) final.set(id, next.has(id) ? finalTarget(id, (x) => next.get(x)) : null);
    return final.get(id) ?? id;
  };
  const report: RemapReport = { ...EMPTY_REPORT };

  const entities = input.entities.filter((row) => !curated.has(row.id));
  report.skippedEntities = input.entities.length - entities.length;

  // Names the survivors' merges added to their aliases (oldest merge first).
  const extraAliases = new Map<string, string[]>();
  for (const r of stored) {
    if (!r.curated) continue;
    const to = target(r.id);
    const acc = extraAliases.get(to) ?? [];
    extraAliases.set(to, mergedAliases({ name: "", aliases: acc }, r));
  }

  const edgeKey = (e: EdgeRow) => `${e.source}\u0000${e.relation}\u0000${e.target}`;
  const keptEdges = new Set(input.edges.map(edgeKey));
  const edges: EdgeRow[] = [];
  for (const row of input.edges) {
    const source = target(row.source);
    const targetId = target(row.target);
    if (source === row.source && targetId === row.target) {
      edges.push(row);
      continue;
    }
    report.mappedEdges++;
    const moved = { ...row, source, target: targetId };
    if (source === targetId || keptEdges.has(edgeKey(moved))) {
      report.droppedEdges++;
      continue;
    }
    keptEdges.add(edgeKey(moved));
    edges.push(moved);
  }

  const keptPairs = new Set(input.similarities.map((s) => pairKey(s.a, s.b)));
  const similarities: SimilarityRow[] = [];
  for (const row of input.similarities) {
    const a = target(row.a);
    const b = target(row.b);
    if (a === row.a && b === row.b) {
      similarities.push(row);
      continue;
    }
    report.mappedSimilarities++;
    if (a === b || keptPairs.has(pairKey(a, b))) {
      report.droppedSimilarities++;
      continue;
    }
    keptPairs.add(pairKey(a, b));
    similarities.push({ ...row, a, b });
  }
  return { entities, edges, similarities, extraAliases, report };
}

/** "3 rows named merged entities and were mapped to their survivors (…)", or null when none did. */
export function describeRemap(r: RemapReport): string | null {
  const mapped = r.mappedEdges + r.mappedSimilarities;
  const total = mapped + r.skippedEntities;
  if (total === 0) return null;
  const parts: string[] = [];
  if (r.skippedEntities) parts.push(`${r.skippedEntities} entity row${r.skippedEntities === 1 ? "" : "s"} skipped: a merged entity stays a redirect`);
  const dropped = r.droppedEdges + r.droppedSimilarities;
  if (dropped) parts.push(`${dropped} dropped as self-loops or repeats`);
  return `${total} row${total === 1 ? "" : "s"} named merged entities and ${total === 1 ? "was" : "were"} mapped to their survivors${parts.length ? ` (${parts.join("; ")})` : ""}.`;
}
