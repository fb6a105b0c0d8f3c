// The JSON API served by the app: same data as the page, clear errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityPage } from "../../lib/entities/types";
import { closeDriver } from "../../lib/neo4j/driver";
import { appUrl } from "../helpers/browser";
import { freshDatasetDatabase } from "../helpers/db";

const FRAMEWORK = encodeURIComponent("framework:a-mathematical-framework-for-transformer-circuits");

describe("JSON API", () => {
  beforeAll(async () => {
    await freshDatasetDatabase();
  });
  afterAll(closeDriver);

  it("GET /api/entities/<id> returns the page's data", async () => {
    const res = await fetch(`${appUrl()}/api/entities/${FRAMEWORK}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as EntityPage;
    expect(page.groups.map((g) => `${g.plural} (${g.total})`)).toEqual(["Papers (2)", "Methods (2)", "Concepts (4)", "Frameworks (1)"]);
    expect(page.similar.members.find((m) => m.score === 0.731)).toBeTruthy();
  });

  it("GET /api/entities/<id>/neighbourhood returns the groups and similarity lists only", async () => {
    const res = await fetch(`${appUrl()}/api/entities/${FRAMEWORK}/neighbourhood?group=concept&page=1`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["bridges", "groups", "id", "restatedBy", "similar"]);
  });

  it("answers 404, 400 and health clearly", async () => {
    const missing = await fetch(`${appUrl()}/api/entities/${encodeURIComponent("concept:nope")}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'No entity with id "concept:nope"' });
    expect((await fetch(`${appUrl()}/api/entities/not-an-id`)).status).toBe(400);
    expect((await fetch(`${appUrl()}/api/entities/${FRAMEWORK}?page=0`)).status).toBe(400);
    const health = await fetch(`${appUrl()}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, neo4j: { ok: true, entities: expect.any(Number) } });
    const search = await fetch(`${appUrl()}/api/search?q=induction`);
    expect(((await search.json()) as { hits: { id: string }[] }).hits.map((h) => h.id)).toContain("paper:in-context-learning-and-induction-heads");
  });
});
