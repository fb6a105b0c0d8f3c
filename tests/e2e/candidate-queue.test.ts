// End to end in Chromium: the candidate queue after a similarity run (each
// pair with why it is there, filters that move), a dismissal that takes the
// pair off the queue at once, the entity page's "Suggested links" below the
// source entry's unchanged "Related by similarity (8)", and the queue API.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCurator } from "../../lib/auth/curators";
import { computeSimilarity } from "../../lib/similarity/run";
import { appUrl, artifactPath, browserSuite } from "../helpers/browser";
import { DATA_DIR } from "../helpers/db";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";
/** The source entry's "Related by similarity (8)": the framework's provided similarity partners in data/. */
const PROVIDED = readFileSync(path.join(DATA_DIR, "similarity.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { a: string; b: string })
  .flatMap((r) => (r.a === FRAMEWORK ? [r.b] : r.b === FRAMEWORK ? [r.a] : []));
const PASSWORD = "an end-to-end password";

describe("the candidate queue in the browser", () => {
  const browser = browserSuite({ beforeAll, afterAll }, async () => {
    await computeSimilarity();
    await addCurator("queue curator", { password: PASSWORD });
  });

  it("shows ranked pairs with why, filters by kind and cosine, and a dismissal takes the pair off at once", async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${appUrl()}/candidates`);
      const heading = await page.getByRole("heading", { level: 1 }).innerText();
      const total = Number(/\((\d+)\)/.exec(heading)?.[1]);
      expect(total).toBeGreaterThan(182);
      const items = page.locator("ol.candidate-list > li");
      await expect(items.count()).resolves.toBe(25);
      const whys = await page.locator("ol.candidate-list .why").allInnerTexts();
      expect(whys.every((w) => /^cosine \d\.\d\d/.test(w))).toBe(true);
      expect(whys.some((w) => w.includes("shared neighbour"))).toBe(true);

      // Filters move the queue: a kind pair, then a minimum cosine.
      await page.locator('select[name="kindA"]').selectOption("concept");
      await page.locator('select[name="kindB"]').selectOption("paper");
      await page.getByRole("button", { name: "Filter" }).click();
      await page.waitForURL(/kindA=concept/);
      const kinds = await page.locator("ol.candidate-list > li .member-head .kind").allTextContents();
      for (let i = 0; i < kinds.length; i += 2) expect([kinds[i], kinds[i + 1]].sort()).toEqual(["concept", "paper"]);
      await page.goto(`${appUrl()}/candidates?minCosine=0.7`);
      const filtered = Number(/\((\d+)\)/.exec(await page.getByRole("heading", { level: 1 }).innerText())?.[1]);
      expect(filtered).toBeLessThan(total);
      expect(filtered).toBeGreaterThan(0);
      await page.screenshot({ path: artifactPath("candidate-queue.png"), fullPage: true });

      // Signed in, dismiss the first pair: it leaves the queue on the next page load.
      await page.goto(`${appUrl()}/signin?next=${encodeURIComponent("/candidates")}`);
      await page.getByLabel("Name").fill("queue curator");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/candidates/);
      const first = items.first();
      const pair = await first.getAttribute("data-pair");
      await first.getByRole("button", { name: "Dismiss" }).click();
      await page.getByText(/Dismissed/).first().waitFor();
      await expect(page.locator(`ol.candidate-list > li[data-pair="${pair}"]`).count()).resolves.toBe(0);
      const after = Number(/\((\d+)\)/.exec(await page.getByRole("heading", { level: 1 }).innerText())?.[1]);
      expect(after).toBeLessThan(total);
    } finally {
      await page.close();
    }
  });

  it("keeps the source entry's similarity list on the entity page, with suggested links below it", async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${appUrl()}/entities/${encodeURIComponent(FRAMEWORK)}`);
      // The source entry's 8 (provided) are all there with their scores, beside partners the similarity run computed.
      const listed = await page.locator('section[aria-labelledby="similar-heading"] li[data-entity-id]').evaluateAll((els) => els.map((e) => e.getAttribute("data-entity-id")));
      expect(PROVIDED).toHaveLength(8);
      for (const id of PROVIDED) expect(listed).toContain(id);
      await expect(page.getByRole("heading", { name: `Related by similarity (${listed.length})` }).count()).resolves.toBe(1);
      const floater = page.locator('#similar li[data-entity-id="concept:floater-learning-to-encode-position"] .score');
      await expect(floater.innerText()).resolves.toBe("0.731");
      const suggested = page.locator("#suggested > li");
      const n = await suggested.count();
      expect(n).toBeGreaterThan(5);
      await expect(page.getByRole("heading", { name: `Suggested links (${n})` }).count()).resolves.toBe(1);
      const similar = new Set(await page.locator("#similar > li").evaluateAll((els) => els.map((e) => e.getAttribute("data-entity-id"))));
      const ids = await suggested.evaluateAll((els) => els.map((e) => e.getAttribute("data-entity-id")));
      expect(ids.some((id) => similar.has(id))).toBe(false);
      expect(await suggested.first().locator(".why").innerText()).toMatch(/^cosine /);
      await page.screenshot({ path: artifactPath("suggested-links.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("answers the queue as JSON with each pair's signals and ranks, and refuses bad filters with 400", async () => {
    const res = await fetch(`${appUrl()}/api/candidates?kindA=concept&page=2`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; page: number; candidates: { a: { id: string; kind: string }; b: { kind: string }; score: number; rankA: number | null; rankB: number | null; signals: Record<string, number | null>; why: string }[] };
    expect(body.page).toBe(2);
    expect(body.candidates.length).toBeGreaterThan(0);
    for (const c of body.candidates) {
      expect([c.a.kind, c.b.kind]).toContain("concept");
      expect(c.rankA ?? c.rankB).not.toBeNull();
      expect(Object.keys(c.signals)).toEqual(["lexical", "dense", "mention", "shared", "resourceAllocation", "vote"]);
    }
    for (const bad of ["minCosine=1.5", "kindA=Not%20a%20kind", "page=0"]) {
      const r = await fetch(`${appUrl()}/api/candidates?${bad}`);
      expect(r.status, bad).toBe(400);
      expect(((await r.json()) as { error: string }).error.length).toBeGreaterThan(5);
    }
  });
});
