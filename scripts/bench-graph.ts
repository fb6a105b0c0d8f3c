// npm run bench:graph [-- --sizes 1000,2000,5000,10000 --frames 60 --skip-load]
// In headless Chromium (software WebGL): time to first frame and median frame
// time of our explorer for graphs of each size, next to a bare sigma page
// rendering the same data in the same run, with the ratios. Runs on the test
// database loaded with data/ and the 100k synthetic graph.
import { useConnection } from "../lib/neo4j/connection";
import { readQuery } from "../lib/neo4j/driver";
import { connectionEnv, ensureDatabase } from "../lib/neo4j/ensure";
import { toCount } from "../lib/neo4j/ints";
import { buildApp, needsBuild } from "./app-build";
import { startAppServer } from "./app-server";
import { launchChromium } from "./browser";
import { args, main, say } from "./cli";
import { loadBenchGraph } from "./bench-data";

interface Run {
  firstFrame: number;
  medianFrame: number;
}

main(async () => {
  const { values } = args({
    sizes: { type: "string", default: "1000,2000,5000,10000" },
    frames: { type: "string", default: "60" },
    "skip-load": { type: "boolean", default: false },
  });
  const sizes = values.sizes.split(",").map(Number);
  const frames = Number(values.frames);
  const conn = await ensureDatabase("test", say);
  useConnection(conn);
  const [count] = await readQuery("MATCH (e:Entity) RETURN count(e) AS n");
  if (!values["skip-load"] && toCount(count?.n) < Math.max(...sizes)) await loadBenchGraph(conn);
  if (needsBuild()) buildApp();
  const app = await startAppServer(3196, connectionEnv(conn));
  const browser = await launchChromium();
  const measure = async (url: string): Promise<Run & { nodes: number }> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(url);
      await page.waitForFunction(() => window.__atlasBench?.firstFrameAt != null, undefined, { timeout: 180_000 });
      return await page.evaluate(async (n) => {
        const bench = window.__atlasBench!;
        const r = bench.renderer;
        const camera = r.getCamera();
        const times: number[] = [];
        await new Promise<void>((resolve) => {
          let last = performance.now();
          r.on("afterRender", () => {
            const now = performance.now();
            times.push(now - last);
            last = now;
            if (times.length >= n) resolve();
            else camera.setState({ angle: camera.angle + 0.01 });
          });
          camera.setState({ angle: camera.angle + 0.01 });
        });
        times.sort((a, b) => a - b);
        return { firstFrame: bench.firstFrameAt as number, medianFrame: times[Math.floor(times.length / 2)] as number, nodes: r.getGraph().order };
      }, frames);
    } finally {
      await page.close();
    }
  };
  const lines: string[] = [];
  try {
    for (const size of sizes) {
      const q = `limit=${size}&bench=1`;
      // Alternate the order so neither side always runs on a warmer browser.
      const bare = await measure(`${app.url}/graph/bare?${q}`);
      const ours = await measure(`${app.url}/graph?${q}`);
      const bare2 = await measure(`${app.url}/graph/bare?${q}`);
      const ours2 = await measure(`${app.url}/graph?${q}`);
      const avg = (a: Run, b: Run): Run => ({ firstFrame: (a.firstFrame + b.firstFrame) / 2, medianFrame: (a.medianFrame + b.medianFrame) / 2 });
      const o = avg(ours, ours2);
      const b = avg(bare, bare2);
      lines.push(
        `${String(ours.nodes).padStart(6)} nodes  first frame ${o.firstFrame.toFixed(0).padStart(6)} ms vs ${b.firstFrame.toFixed(0).padStart(6)} ms (${(o.firstFrame / b.firstFrame).toFixed(2)}×)` +
          `   median frame ${o.medianFrame.toFixed(1).padStart(6)} ms vs ${b.medianFrame.toFixed(1).padStart(6)} ms (${(o.medianFrame / b.medianFrame).toFixed(2)}×, ${(1000 / o.medianFrame).toFixed(1)} fps)`,
      );
      say(lines.at(-1) as string);
    }
  } finally {
    await browser.close();
    app.stop();
  }
  process.stdout.write(`\nGraph benchmark (headless Chromium, software WebGL; ours vs a bare sigma page, same data, same run):\n${lines.join("\n")}\n`);
  process.stdout.write("targets: ≤ 1.25× the bare page; the default view (2,000 nodes) keeps ≥ 10 frames/s\n");
});
