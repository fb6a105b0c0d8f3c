// End to end in Chromium: the home page shows counts by kind and links to entities.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl, artifactPath, browserSuite } from "../helpers/browser";

describe("home page", () => {
  const browser = browserSuite({ beforeAll, afterAll });

  it("shows counts by kind and the most connected entities, linking to their pages", async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 720 } });
    const res = await page.goto(`${appUrl()}/`);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Interp Atlas");
    const counts = await page.getByRole("list", { name: "Entities by kind" }).innerText();
    expect(counts).toMatch(/Papers\s+\d+/);
    expect(counts).toMatch(/Frameworks\s+5/);
    const link = page.locator('a[href^="/entities/"]').first();
    expect(await link.getAttribute("href")).toMatch(/^\/entities\/[a-z]+%3A[a-z0-9-]+$/);
    await page.screenshot({ path: artifactPath("home.png"), fullPage: false });
    await page.close();
  });
});
