// End to end in Chromium: /graph renders the whole graph, filters narrow it,
// search selects a node, and the GEXF export parses back to the same counts.
import { readFileSync } from "node:fs";
import Graph from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { appUrl, artifactPath, browserSuite } from "../helpers/browser";

describe("graph explorer", () => {
  const browser = browserSuite({ beforeAll, afterAll });

  const ready = "document.querySelector('[data-testid=\"explorer-graph\"]')?.getAttribute('data-ready') === 'true'";

  it("renders the whole graph, filters it, finds a node and exports GEXF", async () => {
    const [row] = await readQuery("MATCH (e:Entity) RETURN count(e) AS n");
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    expect((await page.goto(`${appUrl()}/graph`))?.status()).toBe(200);
    await page.waitForFunction(ready);
    const view = page.getByTestId("explorer-graph");
    expect(Number(await view.getAttribute("data-node-count"))).toBe(toCount(row?.n));
    await page.screenshot({ path: artifactPath("explorer.png") });

    await page.getByPlaceholder("Find a node…").fill("Residual Stream");
    await page.getByRole("button", { name: "Find" }).click();
    await expect.poll(() => page.getByRole("complementary", { name: "Selected entity" }).getAttribute("data-selected")).toBe("concept:residual-stream");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "GEXF" }).click()]);
    const file = artifactPath("explorer.gexf");
    await download.saveAs(file);
    const parsed = parseGexf(Graph, readFileSync(file, "utf8"));
    expect(parsed.order).toBe(Number(await view.getAttribute("data-node-count")));
    expect(parsed.size).toBe(Number(await view.getAttribute("data-edge-count")));

    // Narrow to papers and thinkers through the filter form.
    for (const kind of ["Frameworks", "Methods", "Concepts", "Claims", "Findings", "Hypotheses", "Questions", "Artifacts", "Datasets", "Events"]) {
      await page.getByLabel(kind, { exact: true }).uncheck();
    }
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/kinds=paper/);
    await page.waitForFunction(ready);
    const [pt] = await readQuery("MATCH (e:Entity) WHERE e.kind IN ['paper', 'thinker'] RETURN count(e) AS n");
    await expect.poll(async () => Number(await view.getAttribute("data-node-count"))).toBe(toCount(pt?.n));
    await page.close();
  });
});
