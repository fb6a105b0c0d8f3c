// Duplicate curation end to end. In Chromium: sign in, open the two
// "Transformer" concepts from the /duplicates queue, compare them
// side by side, merge one into the other, follow the
// old URL to the survivor (with its notice), undo, and see both pages as they
// were. Over HTTP: the merge / not-same / undo routes with their status codes,
// and the entity API's redirect for a merged id.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCurator } from "../../lib/auth/curators";
import { appUrl, artifactPath, browserSuite } from "../helpers/browser";

const TRANSFORMER = "concept:transformer";
const ARCHITECTURE = "concept:transformer-architecture";
const PASSWORD = "an end-to-end password";
const ORIGIN = () => new URL(appUrl()).origin;
const COMPARE = `/duplicates/compare?${new URLSearchParams({ a: TRANSFORMER, b: ARCHITECTURE })}`;

describe("duplicate curation", () => {
  const browser = browserSuite({ beforeAll, afterAll }, () => addCurator("e2e merger", { password: PASSWORD }));

  it("merges the two Transformer concepts in the browser; the old URL redirects with a notice; undo restores both", async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    try {
      // From the queue: sign in, find the pair, open it side by side.
      await page.goto(`${appUrl()}/signin?next=${encodeURIComponent("/duplicates")}`);
      await page.getByLabel("Name").fill("e2e merger");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/duplicates$/);
      await page.locator(`li[data-pair="${TRANSFORMER}|${ARCHITECTURE}"]`).getByRole("link", { name: "Compare side by side" }).click();
      await page.waitForURL(/\/duplicates\/compare\?/);
      await expect(page.locator('[data-side="A"] h2').innerText()).resolves.toBe("Transformer");
      await expect(page.locator('[data-side="B"] h2').innerText()).resolves.toBe("Transformer Architecture");
      await page.screenshot({ path: artifactPath("duplicates-compare.png"), fullPage: true });

      await page.getByRole("button", { name: "Merge into A (Transformer)" }).click();
      await page.getByText(/^Merged Transformer Architecture into Transformer: /).waitFor();
      await expect(page.locator(".merged-confirmation").innerText()).resolves.toMatch(/concept:transformer-architecture redirects there/);
      await expect(page.getByRole("button", { name: "Merge into A (Transformer)" }).count()).resolves.toBe(0);
      await page.screenshot({ path: artifactPath("duplicates-merged.png"), fullPage: true });

      // The old URL lands on the survivor, which says where the visitor came from.
      await page.goto(`${appUrl()}/entities/${encodeURIComponent(ARCHITECTURE)}`);
      await page.waitForURL(/\/entities\/concept%3Atransformer\?from=concept%3Atransformer-architecture/);
      await expect(page.locator(".redirect-notice").innerText()).resolves.toMatch(
        /^Transformer Architecture was merged into this entity on \d{4}-\d\d-\d\d; concept:transformer-architecture redirects here\.$/,
      );
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Transformer");
      await expect(page.locator("dl.facts").innerText()).resolves.toMatch(/transformer model · Transformer Architecture/);
      await page.screenshot({ path: artifactPath("duplicates-redirected.png"), fullPage: true });

      await page.goto(`${appUrl()}${COMPARE}`);
      await page.locator(".merged-confirmation").getByRole("button", { name: "Undo" }).click();
      await page.getByText("Undone (merge).").waitFor();
      await expect(page.getByRole("button", { name: "Merge into B (Transformer Architecture)" }).count()).resolves.toBe(1);

      await page.goto(`${appUrl()}/entities/${encodeURIComponent(ARCHITECTURE)}`);
      expect(new URL(page.url()).pathname).toBe(`/entities/${encodeURIComponent(ARCHITECTURE)}`);
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Transformer Architecture");
      await expect(page.locator(".status").first().innerText()).resolves.toBe("active");
      await page.goto(`${appUrl()}/entities/${encodeURIComponent(TRANSFORMER)}`);
      await expect(page.locator(".redirect-notice").count()).resolves.toBe(0);
      await expect(page.locator("dl.facts").innerText()).resolves.not.toMatch(/Transformer Architecture/);

      await page.getByRole("link", { name: "Activity" }).click();
      await page.waitForURL(/\/activity/);
      await expect(page.locator('li[data-action="merge"]').first().innerText()).resolves.toMatch(/merged\s+Transformer Architecture\s+into\s+Transformer/);
      await expect(page.locator('li[data-action="undo"]').first().innerText()).resolves.toMatch(/undid the merge of/);
    } finally {
      await page.close();
    }
  });

  it("answers the duplicate API with the documented status codes, and redirects a merged id's API URL", async () => {
    const signIn = await fetch(`${appUrl()}/api/session`, {
      method: "POST",
      headers: { origin: ORIGIN(), "content-type": "application/json" },
      body: JSON.stringify({ name: "e2e merger", password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const post = (path: string, body: unknown, opts: { cookie?: string | null; origin?: string } = {}) =>
      fetch(`${appUrl()}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: opts.origin ?? ORIGIN(),
          ...(opts.cookie === null ? {} : { cookie: opts.cookie ?? cookie }),
        },
        body: JSON.stringify(body),
      });

    const mergeBody = { opId: randomUUID(), survivor: TRANSFORMER, loser: ARCHITECTURE };
    expect((await post("/api/duplicates/merge", mergeBody, { cookie: null })).status).toBe(401);
    expect((await post("/api/duplicates/merge", mergeBody, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post("/api/duplicates/merge", { ...mergeBody, loser: TRANSFORMER })).status).toBe(400);
    expect((await post("/api/duplicates/merge", { ...mergeBody, loser: "concept:nothing-like-it" })).status).toBe(404);

    const merged = await post("/api/duplicates/merge", mergeBody);
    expect(merged.status).toBe(200);
    const result = (await merged.json()) as { action: string; merge: { survivor: { id: string }; loser: { id: string } }; replayed: boolean };
    expect(result).toMatchObject({ action: "merge", merge: { survivor: { id: TRANSFORMER }, loser: { id: ARCHITECTURE } }, replayed: false });
    expect(((await (await post("/api/duplicates/merge", mergeBody)).json()) as { replayed: boolean }).replayed).toBe(true);
    const again = await post("/api/duplicates/merge", { opId: randomUUID(), survivor: ARCHITECTURE, loser: TRANSFORMER });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toMatch(/already merged into concept:transformer/);

    const api = await fetch(`${appUrl()}/api/entities/${encodeURIComponent(ARCHITECTURE)}?group=concept`, { redirect: "manual" });
    expect(api.status).toBe(307);
    expect(api.headers.get("location")).toBe(`/api/entities/${encodeURIComponent(TRANSFORMER)}?group=concept`);
    expect(await api.json()).toMatchObject({ mergedInto: TRANSFORMER });
    const followed = await fetch(`${appUrl()}/api/entities/${encodeURIComponent(ARCHITECTURE)}/neighbourhood`);
    expect(followed.status).toBe(200);
    expect(((await followed.json()) as { id: string }).id).toBe(TRANSFORMER);
    const search = (await (await fetch(`${appUrl()}/api/search?q=transformer+architecture`)).json()) as { hits: { id: string }[] };
    expect(search.hits.map((h) => h.id)).not.toContain(ARCHITECTURE);

    const undone = await post("/api/duplicates/undo", { opId: randomUUID(), target: mergeBody.opId });
    expect(undone.status).toBe(200);
    expect(await undone.json()).toMatchObject({ action: "undo", undid: { opId: mergeBody.opId, action: "merge" } });
    expect((await fetch(`${appUrl()}/api/entities/${encodeURIComponent(ARCHITECTURE)}`, { redirect: "manual" })).status).toBe(200);

    const notSame = { opId: randomUUID(), a: ARCHITECTURE, b: TRANSFORMER };
    expect((await post("/api/duplicates/not-same", notSame)).status).toBe(200);
    expect((await post("/api/duplicates/not-same", { ...notSame, opId: randomUUID() })).status).toBe(409);
    const refused = await post("/api/duplicates/merge", { opId: randomUUID(), survivor: TRANSFORMER, loser: ARCHITECTURE });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/not the same by e2e merger/);
    expect((await post("/api/duplicates/undo", { opId: randomUUID(), target: notSame.opId })).status).toBe(200);
  });
});
