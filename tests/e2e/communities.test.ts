// End to end in Chromium: an entity page links to its community, whose page
// shows the label, member count, sources, bridges and the members' graph.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recomputeCommunities } from "../../lib/communities/store";
import { appUrl, artifactPath, browserSuite } from "../helpers/browser";

describe("community pages", () => {
  const browser = browserSuite({ beforeAll, afterAll }, () => recomputeCommunities());

  it("follows the community link from the framework's page", async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${appUrl()}/entities/${encodeURIComponent("framework:a-mathematical-framework-for-transformer-circuits")}`);
    await page.locator(".community-link a").click();
    await page.waitForURL(/\/communities\/\d+$/);
    await expect(page.getByText(/\d+ members/).first().textContent()).resolves.toMatch(/\d+ members/);
    await expect(page.getByText(/Drawn from \d+ sources?/).count()).resolves.toBe(1);
    await expect(page.getByRole("heading", { name: /^Bridges \(\d+\)$/ }).count()).resolves.toBe(1);
    await page.waitForFunction(() => document.querySelector('[data-testid="explorer-graph"]')?.getAttribute("data-ready") === "true");
    expect(Number(await page.getByTestId("explorer-graph").getAttribute("data-node-count"))).toBeGreaterThan(1);
    await page.screenshot({ path: artifactPath("community.png"), fullPage: true });
    expect((await page.goto(`${appUrl()}/communities/99999`))?.status()).toBe(404);
    await page.close();
  });
});
