// End to end in Chromium: the framework page's neighbourhood graph renders
// with the page's nodes, hover highlights, click navigates, expand and undo.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl, artifactPath, browserSuite } from "../helpers/browser";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";

async function nodePosition(page: Page, id: string) {
  const box = (await page.locator(".sigma-container").boundingBox())!;
  const p = await page.evaluate((node) => window.__atlasGraph?.viewportPosition(node) ?? null, id);
  if (!p) throw new Error(`${id} is not drawn`);
  return { x: box.x + p.x, y: box.y + p.y };
}

describe("neighbourhood graph", () => {
  const browser = browserSuite({ beforeAll, afterAll });

  it("renders the centre, its 9 typed and 8 similar neighbours; hover highlights, click opens", async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${appUrl()}/entities/${encodeURIComponent(FRAMEWORK)}`);
    const graph = page.getByTestId("neighbourhood-graph");
    await graph.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="neighbourhood-graph"]')?.getAttribute("data-ready") === "true");
    expect(await graph.getAttribute("data-node-count")).toBe("18");
    expect(await graph.getAttribute("data-edge-count")).toBe("17");
    expect(await page.locator(".sigma-container canvas").count()).toBeGreaterThan(0);
    await graph.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath("framework-graph.png") });

    const target = await nodePosition(page, "concept:residual-stream");
    await page.mouse.move(target.x, target.y);
    await expect.poll(() => page.locator(".sigma-container").getAttribute("data-hovered")).toBe("concept:residual-stream");
    await page.mouse.click(target.x, target.y);
    await page.waitForURL(/concept%3Aresidual-stream/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Residual Stream");
    await page.close();
  });

  it("expands a neighbour in place with a cap, and undoes it", async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${appUrl()}/entities/${encodeURIComponent(FRAMEWORK)}`);
    const graph = page.getByTestId("neighbourhood-graph");
    await page.waitForFunction(() => document.querySelector('[data-testid="neighbourhood-graph"]')?.getAttribute("data-ready") === "true");
    await page.getByLabel("Expand").selectOption("concept:residual-stream");
    await page.getByRole("button", { name: "Expand", exact: true }).click();
    // The expansion fetches the neighbour's JSON over the network: give it more than expect.poll's default second.
    await expect.poll(async () => Number(await graph.getAttribute("data-node-count")), { timeout: 10_000 }).toBeGreaterThan(18);
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 10_000 }).toMatch(/Added \d+ nodes? around Residual Stream/);
    await page.getByRole("button", { name: "Undo expansion" }).click();
    await expect.poll(() => graph.getAttribute("data-node-count")).toBe("18");
    expect(await graph.getAttribute("data-edge-count")).toBe("17");
    await page.close();
  });
});
