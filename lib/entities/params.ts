// Validation of entity-page inputs from URLs (route params and query string),
// shared by the page and the JSON API.
import { z } from "zod";
import { ID_PATTERN } from "../ingest/rows";

export const EntityIdSchema = z.string().regex(ID_PATTERN, "not an entity id (kind:slug)");

export const NeighbourhoodQuerySchema = z.object({
  group: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, "not a kind")
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});

/** Decodes a route's [id] segment (Next passes it percent-encoded). */
export function decodeEntityId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
