// Curation over HTTP against the served app: the authorization matrix on every
// write route and server action (anonymous, revoked, signed in), the Origin
// check (foreign, null, missing), literal notes on /activity, retried
// operation ids and parallel accepts. "Nothing changed" = equal graph digest
// and equal curation store.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCurator, removeCurator } from "../../lib/auth/curators";
import { graphDigest } from "../../lib/graph/digest";
import { closeDriver, readQuery, writeQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { appUrl } from "../helpers/browser";
import { freshDatasetDatabase } from "../helpers/db";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";
const FRAMEWORK_PAGE = `/entities/${encodeURIComponent(FRAMEWORK)}`;
const PASSWORD = "a sufficiently long password";
const ORIGIN = () => new URL(appUrl()).origin;

async function snapshot() {
  const [row] = await readQuery("MATCH (x) WHERE x:AuditEntry OR x:Decision RETURN count(x) AS n, collect(coalesce(x.state, '') + coalesce(x.lastOp, '')) AS s");
  return { graph: (await graphDigest()).digest, curation: `${toCount(row?.n)}:${[...((row?.s as string[]) ?? [])].sort().join()}` };
}

async function signInCookie(name: string): Promise<string> {
  const res = await fetch(`${appUrl()}/api/session`, {
    method: "POST",
    headers: { origin: ORIGIN(), "content-type": "application/json" },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get("set-cookie") ?? "";
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=lax/i);
  return cookie.split(";")[0] as string;
}

function post(path: string, body: unknown, opts: { cookie?: string; origin?: string | null } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.cookie) headers.cookie = opts.cookie;
  const origin = opts.origin === undefined ? ORIGIN() : opts.origin;
  if (origin !== null) headers.origin = origin;
  return fetch(`${appUrl()}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
}

const routeCalls = () => [
  ["/api/candidates/accept", { opId: randomUUID(), source: FRAMEWORK, target: "concept:transformer", relation: "studies" }],
  ["/api/candidates/dismiss", { opId: randomUUID(), a: FRAMEWORK, b: "concept:transformer" }],
  ["/api/candidates/duplicate", { opId: randomUUID(), a: FRAMEWORK, b: "concept:transformer" }],
  ["/api/candidates/undo", { opId: randomUUID(), target: randomUUID() }],
] as const;

/** The no-JavaScript form posts of the framework page (server actions), as a signed-in curator sees them. */
async function actionForms(cookie: string): Promise<Map<string, FormData>> {
  const html = await (await fetch(`${appUrl()}${FRAMEWORK_PAGE}`, { headers: { cookie } })).text();
  const forms = new Map<string, FormData>();
  for (const m of html.matchAll(/<form[^>]*method="POST"[^>]*>([\s\S]*?)<\/form>/g)) {
    const body = m[1] as string;
    const data = new FormData();
    for (const input of body.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
      data.set(input[1] as string, (input[2] ?? "").replaceAll("&amp;", "&"));
    }
    const button = /<button type="submit"[^>]*>([^<]+)<\/button>/.exec(body)?.[1] ?? "";
    if (body.includes('name="relation"')) {
      data.set("relation", "studies");
      data.set("direction", "out");
      data.set("note", "");
    }
    const key = `${button}:${data.get("other") ?? data.get("b") ?? ""}`;
    if (!forms.has(key)) forms.set(key, data);
  }
  return forms;
}

function submitForm(form: FormData, opts: { cookie?: string; origin?: string | null }) {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  const origin = opts.origin === undefined ? ORIGIN() : opts.origin;
  if (origin !== null) headers.origin = origin;
  return fetch(`${appUrl()}${FRAMEWORK_PAGE}`, { method: "POST", headers, body: form, redirect: "manual" });
}

describe("curation over HTTP", () => {
  let alice = "";
  let bob = "";
  let removed = "";
  let revokedOpen = "";

  beforeAll(async () => {
    await freshDatasetDatabase();
    for (const name of ["alice", "bob", "rex", "ray"]) await addCurator(name, { password: PASSWORD });
    alice = await signInCookie("alice");
    bob = await signInCookie("bob");
    removed = await signInCookie("rex");
    await removeCurator("rex"); // ends rex's sessions: 401 from now on
    revokedOpen = await signInCookie("ray");
    await writeQuery("MATCH (c:Curator {name: 'ray'}) SET c.revokedAt = datetime()"); // session still there: 403
  });
  afterAll(closeDriver);

  it("refuses every write route to anonymous and revoked callers, changing nothing", async () => {
    const before = await snapshot();
    for (const [path, body] of routeCalls()) {
      expect((await post(path, body)).status, `${path} anonymous`).toBe(401);
      expect((await post(path, body, { cookie: "atlas_session=forged-token-value" })).status, `${path} forged`).toBe(401);
      expect((await post(path, body, { cookie: removed })).status, `${path} removed curator`).toBe(401);
      const res = await post(path, body, { cookie: revokedOpen });
      expect(res.status, `${path} revoked curator`).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/revoked/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses foreign, null and missing Origins on every mutating route, even signed in", async () => {
    const before = await snapshot();
    for (const [path, body] of routeCalls()) {
      for (const origin of ["http://evil.example", "null", null, `${ORIGIN()}.evil.example`]) {
        const res = await post(path, body, { cookie: alice, origin });
        expect(res.status, `${path} with Origin ${origin}`).toBe(403);
      }
    }
    expect((await post("/api/session", { name: "alice", password: PASSWORD }, { origin: null })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses the server actions (the entity page's forms) to anonymous, revoked and cross-site posts", async () => {
    const forms = await actionForms(alice);
    const accept = forms.get("Add edge:concept:transformer");
    const dismiss = forms.get("Dismiss:concept:transformer");
    const duplicate = forms.get("Duplicate?:concept:transformer");
    expect(accept && dismiss && duplicate).toBeTruthy();
    const before = await snapshot();
    for (const form of [accept!, dismiss!, duplicate!]) {
      for (const opts of [{}, { cookie: removed }, { cookie: revokedOpen }, { cookie: alice, origin: "http://evil.example" }, { cookie: alice, origin: "null" }, { cookie: alice, origin: null }]) {
        form.set("opId", randomUUID());
        const res = await submitForm(form, opts);
        expect(res.status, JSON.stringify(opts)).not.toBe(200);
        if (res.status === 303) expect(res.headers.get("location")).toMatch(/error=/);
      }
    }
    expect(await snapshot()).toEqual(before);
    // The same form, signed in and same-site, does change the graph.
    accept!.set("opId", randomUUID());
    const ok = await submitForm(accept!, { cookie: alice });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toMatch(/notice=Edge\+added/);
    expect((await snapshot()).graph).not.toBe(before.graph);
  });

  it("accepts through the API, applies a retried operation id once, and shows notes literally", async () => {
    const note = "<script>alert(1)</script> '}) MATCH (n) DETACH DELETE n //";
    const body = { opId: randomUUID(), source: FRAMEWORK, target: "concept:mechanistic-interpretability", relation: "studies", note };
    const first = await post("/api/candidates/accept", body, { cookie: alice });
    expect(first.status).toBe(200);
    const result = (await first.json()) as Record<string, unknown>;
    expect(result).toMatchObject({ action: "accept", curator: "alice", replayed: false });
    const again = await post("/api/candidates/accept", body, { cookie: alice });
    expect(await again.json()).toEqual({ ...result, replayed: true });
    const [edges] = await readQuery("MATCH (:Entity {id: $a})-[r:STUDIES]->(:Entity {id: $b}) RETURN count(r) AS n, collect(r.note) AS notes", { a: FRAMEWORK, b: body.target });
    expect(edges).toEqual({ n: 1, notes: [note] });

    const html = await (await fetch(`${appUrl()}/activity?curator=alice`)).text();
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)</script>");
    const log = (await (await fetch(`${appUrl()}/api/activity?entity=${encodeURIComponent(body.target)}`)).json()) as { entries: { note: string }[] };
    expect(log.entries[0]?.note).toBe(note);
  });

  it("lets one of two parallel accepts through and answers the other 409", async () => {
    const target = "framework:technical-dimensions-of-programming-systems";
    const [r1, r2] = await Promise.all([
      post("/api/candidates/accept", { opId: randomUUID(), source: FRAMEWORK, target, relation: "related_to" }, { cookie: alice }),
      post("/api/candidates/accept", { opId: randomUUID(), source: target, target: FRAMEWORK, relation: "analogous_to" }, { cookie: bob }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const loser = r1.status === 409 ? r1 : r2;
    expect(((await loser.json()) as { error: string }).error).toMatch(/^Already linked: /);
    const [row] = await readQuery("MATCH (:Entity {id: $a})-[r]-(:Entity {id: $b}) WHERE NOT r:SIMILAR_TO RETURN count(r) AS n", { a: FRAMEWORK, b: target });
    expect(row?.n).toBe(1);
  });

  it("validates input and lists candidates", async () => {
    const bad = await post("/api/candidates/accept", { opId: randomUUID(), source: FRAMEWORK, target: "concept:transformer", relation: "EXTENDS]-() DELETE" }, { cookie: alice });
    expect(bad.status).toBe(400);
    const list = (await (await fetch(`${appUrl()}/api/candidates?kindA=framework&minScore=0.7`)).json()) as { total: number; candidates: { score: number }[] };
    expect(list.candidates.every((c) => c.score >= 0.7)).toBe(true);
    expect((await fetch(`${appUrl()}/api/candidates?minScore=2`)).status).toBe(400);
  });
});
