// Cross-row checks of a parsed ingest input against the vocabulary and the
// ids already in the database. Pure: the database lookup happens before, and
// its answer comes in as `existingIds`.
import { pairKey } from "../similarity/plan";
import type { Vocabulary } from "../vocabulary";
import type { IngestError, Loc, ParsedInput } from "./read";
import { ID_PATTERN } from "./rows";

const where = (loc: Loc) => `${loc.file}:${loc.line}`;

/** Ids that rows refer to (edges, similarity, mergedInto) but the input does not define. */
export function referencedButUndefined(input: ParsedInput): string[] {
  const defined = new Set(input.entities.map((e) => e.row.id));
  const wanted = new Set<string>();
  const want = (id: string) => {
    if (!defined.has(id)) wanted.add(id);
  };
  for (const { row } of input.edges) {
    want(row.source);
    want(row.target);
  }
  for (const { row } of input.similarities) {
    want(row.a);
    want(row.b);
  }
  for (const { row } of input.entities) if (row.mergedInto) want(row.mergedInto);
  return [...wanted];
}

/** Every cross-row problem of the input, in file order. */
export function validateInput(input: ParsedInput, vocab: Vocabulary, existingIds: ReadonlySet<string>): IngestError[] {
  const errors: IngestError[] = [];
  const err = (loc: Loc, field: string, message: string) => errors.push({ ...loc, field, message });

  const firstSeen = new Map<string, Loc>();
  for (const { row, loc } of input.entities) {
    const prior = firstSeen.get(row.id);
    if (prior) err(loc, "id", `duplicate id "${row.id}" (first defined at ${where(prior)})`);
    else firstSeen.set(row.id, loc);
    if (!vocab.kindByKey.has(row.kind)) {
      err(loc, "kind", `unknown kind "${row.kind}" (known: ${vocab.kinds.map((k) => k.key).join(", ")})`);
    }
    const prefix = ID_PATTERN.exec(row.id)?.[1];
    if (prefix !== undefined && prefix !== row.kind) err(loc, "id", `must start with "${row.kind}:" to match kind`);
    const status = row.status ?? "active";
    if (!vocab.statuses.includes(status)) {
      err(loc, "status", `unknown status "${status}" (known: ${vocab.statuses.join(", ")})`);
    }
    if (status === "merged" && !row.mergedInto) err(loc, "mergedInto", "is required when status is merged");
    if (row.mergedInto && status !== "merged") err(loc, "mergedInto", "is only allowed when status is merged");
    if (row.mergedInto === row.id) err(loc, "mergedInto", "an entity cannot be merged into itself");
  }

  const known = (id: string) => firstSeen.has(id) || existingIds.has(id);
  for (const { row, loc } of input.entities) {
    if (row.mergedInto && row.mergedInto !== row.id && !known(row.mergedInto)) {
      err(loc, "mergedInto", `unknown entity id "${row.mergedInto}"`);
    }
  }

  const edgeSeen = new Map<string, Loc>();
  for (const { row, loc } of input.edges) {
    if (!vocab.relationByKey.has(row.relation)) err(loc, "relation", `unknown relation "${row.relation}"`);
    if (!known(row.source)) err(loc, "source", `unknown entity id "${row.source}"`);
    if (!known(row.target)) err(loc, "target", `unknown entity id "${row.target}"`);
    if (row.source === row.target) err(loc, "target", "an edge cannot join an entity to itself");
    const key = `${row.source}\u0000${row.relation}\u0000${row.target}`;
    const prior = edgeSeen.get(key);
    if (prior) err(loc, "relation", `duplicate edge (first at ${where(prior)})`);
    else edgeSeen.set(key, loc);
  }

  const pairSeen = new Map<string, Loc>();
  for (const { row, loc } of input.similarities) {
    if (!known(row.a)) err(loc, "a", `unknown entity id "${row.a}"`);
    if (!known(row.b)) err(loc, "b", `unknown entity id "${row.b}"`);
    if (row.a === row.b) err(loc, "b", "a similarity edge cannot join an entity to itself");
    const key = pairKey(row.a, row.b);
    const prior = pairSeen.get(key);
    if (prior) err(loc, "b", `duplicate similarity pair (first at ${where(prior)})`);
    else pairSeen.set(key, loc);
  }

  return errors.sort((x, y) => (x.file === y.file ? x.line - y.line : x.file < y.file ? -1 : 1));
}
