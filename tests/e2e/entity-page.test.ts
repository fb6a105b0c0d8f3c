// End to end in Chromium: the framework's page, navigation to a neighbour,
// the 404 page, and the 503 page while Neo4j is away (and recovery after).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpointOf } from "../../lib/neo4j/reachability";
import { appUrl, artifactPath, browserSuite } from "../helpers/browser";
import { startAppServer, tcpForwarder } from "../helpers/app-server";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";

describe("entity page in the browser", () => {
  const browser = browserSuite({ beforeAll, afterAll });

  it("shows the framework's groups, counts and the similarity list with 0.731", async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 720 } });
    const res = await page.goto(`${appUrl()}/entities/${encodeURIComponent(FRAMEWORK)}`);
    expect(res?.status()).toBe(200);
    const h3 = await page.locator("h3").allInnerTexts();
    expect(h3.slice(0, 4)).toEqual(["Papers (2)", "Methods (2)", "Concepts (4)", "Frameworks (1)"]);
    await expect(page.getByRole("heading", { name: "Related by similarity (8)" }).count()).resolves.toBe(1);
    await expect(page.getByText("cosine ≥ 0.65 · no typed edge").count()).resolves.toBe(1);
    await expect(page.getByText("0.731", { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByText("extends → this").count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath("framework-page.png"), fullPage: true });

    // Click a neighbour and land on its page.
    await page.getByRole("link", { name: "Logit Weight Analysis" }).first().click();
    await page.waitForURL(/method%3Alogit-weight-analysis/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Logit Weight Analysis");
    expect((await page.locator("h3").allInnerTexts()).slice(0, 3)).toEqual(["Frameworks (1)", "Concepts (1)", "Claims (1)"]);
    await page.close();
  });

  it("answers an unknown id with a 404 page that has a search box", async () => {
    const page = await browser().newPage();
    const res = await page.goto(`${appUrl()}/entities/${encodeURIComponent("concept:no-such-thing")}`);
    expect(res?.status()).toBe(404);
    await page.getByRole("searchbox").fill("residual");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/search\?q=residual/);
    await expect(page.getByRole("link", { name: "Residual Stream" }).count()).resolves.toBeGreaterThan(0);
    await page.close();
  });

  it("answers 503 while Neo4j is unreachable and recovers by itself", async () => {
    const { host, port } = endpointOf(process.env.NEO4J_TEST_URI ?? "bolt://127.0.0.1:7688");
    const forwarder = await tcpForwarder({ host, port });
    const app = await startAppServer(Number(process.env.E2E_SPARE_PORT ?? 3199), {
      NEO4J_URI: `bolt://127.0.0.1:${forwarder.port}`,
      NEO4J_USERNAME: process.env.NEO4J_TEST_USERNAME ?? "neo4j",
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD ?? "",
    });
    const page = await browser().newPage();
    try {
      const entityUrl = `${app.url}/entities/${encodeURIComponent(FRAMEWORK)}`;
      expect((await page.goto(entityUrl))?.status()).toBe(200);

      await forwarder.cut();
      await new Promise((r) => setTimeout(r, 2500)); // past the reachability cache
      const down = await page.goto(entityUrl);
      expect(down?.status()).toBe(503);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("The database is unavailable");
      await page.screenshot({ path: artifactPath("unavailable.png") });
      const health = await fetch(`${app.url}/api/health`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as { neo4j: { error: string } }).neo4j.error).toMatch(/unreachable|failed/i);

      await forwarder.restore();
      await new Promise((r) => setTimeout(r, 1000));
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) {
        status = (await page.goto(entityUrl))?.status() ?? 0;
        if (status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      expect(status).toBe(200);
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    } finally {
      await page.close();
      app.stop();
      await forwarder.close();
    }
  });
});
