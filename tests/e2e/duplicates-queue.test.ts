// End to end in Chromium, without client JavaScript: /duplicates lists the two
// Transformer concepts with their reasons and links to both entities and to
// the side-by-side compare view; the kind filter and GET /api/duplicates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl, artifactPath, browserSuite } from "../helpers/browser";

const TRANSFORMER = "concept:transformer";
const TRANSFORMER_ARCH = "concept:transformer-architecture";
const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";
const FRAMEWORK_PAPER = "paper:a-mathematical-framework-for-transformer-circuits";

describe("the duplicate queue in the browser", () => {
  const browser = browserSuite({ beforeAll, afterAll });

  it("lists the Transformer pair with its reasons and a link to compare them, signed out and without JavaScript", async () => {
    const context = await browser().newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${appUrl()}/`);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Duplicates" }).click();
      await page.waitForURL(/\/duplicates$/);
      await expect(page.getByRole("heading", { name: /^Duplicates \(\d+\)$/ }).count()).resolves.toBe(1);

      const item = page.locator(`li[data-pair="${TRANSFORMER}|${TRANSFORMER_ARCH}"]`);
      await expect(item.count()).resolves.toBe(1);
      await expect(item.locator(".reasons").innerText()).resolves.toBe("names 0.80 · description cosine 0.93 · 0 shared neighbours");
      await expect(item.getByRole("link", { name: "Transformer", exact: true }).getAttribute("href")).resolves.toBe(`/entities/${encodeURIComponent(TRANSFORMER)}`);
      await expect(item.getByRole("link", { name: "Transformer Architecture" }).getAttribute("href")).resolves.toBe(`/entities/${encodeURIComponent(TRANSFORMER_ARCH)}`);
      const compare = `/duplicates/compare?a=${encodeURIComponent(TRANSFORMER)}&b=${encodeURIComponent(TRANSFORMER_ARCH)}`;
      await expect(item.getByRole("link", { name: "Compare side by side" }).getAttribute("href")).resolves.toBe(compare);

      // The framework and its duplicate paper entity lead the queue.
      await expect(page.locator("ol.duplicate-list > li").first().getAttribute("data-pair")).resolves.toBe(`${FRAMEWORK}|${FRAMEWORK_PAPER}`);
      await page.screenshot({ path: artifactPath("duplicates-queue.png"), fullPage: true });

      // The kind filter is a plain GET form.
      await page.locator('select[name="kind"]').selectOption("concept");
      await page.getByRole("button", { name: "Filter" }).click();
      await page.waitForURL(/\/duplicates\?kind=concept/);
      await expect(page.locator(`li[data-pair="${TRANSFORMER}|${TRANSFORMER_ARCH}"]`).count()).resolves.toBe(1);
      await expect(page.locator(`li[data-pair="${FRAMEWORK}|${FRAMEWORK_PAPER}"]`).count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });

  it("answers the same queue as JSON, and 400 for a bad query", async () => {
    const res = await fetch(`${appUrl()}/api/duplicates?kind=concept`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { filters: { kind: string }; total: number; candidates: { a: { id: string }; b: { id: string }; explanation: string; compare: string }[] };
    expect(body.filters.kind).toBe("concept");
    const pair = body.candidates.find((c) => c.a.id === TRANSFORMER && c.b.id === TRANSFORMER_ARCH);
    expect(pair?.explanation).toBe("names 0.80 · description cosine 0.93 · 0 shared neighbours");
    expect(pair?.compare).toBe(`/duplicates/compare?a=${encodeURIComponent(TRANSFORMER)}&b=${encodeURIComponent(TRANSFORMER_ARCH)}`);
    const bad = await fetch(`${appUrl()}/api/duplicates?minScore=2`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe("Invalid query");
  });
});
