// npm run bench:page [-- --requests 60]
// Against the 100k-entity synthetic graph (plus data/), measures p50/p95 of the
// entity page and of the JSON API as served by `npm start` (scripts/serve.ts: Next behind the
// rendered-page cache, whose every answer still checks the graph version in
// Neo4j), and the same requests rendered by Next (the cache bypassed), for the framework
// and for a 10,000-neighbour supernode, next to the raw neighbourhood Cypher on
// the same driver in the same run. Runs on the test database.
import { ENTITY_PAGE, entityPageParams, getEntityPage } from "../lib/entities/query";
import { useConnection } from "../lib/neo4j/connection";
import { readQuery } from "../lib/neo4j/driver";
import { connectionEnv, ensureDatabase } from "../lib/neo4j/ensure";
import { toCount } from "../lib/neo4j/ints";
import { startAppServer } from "./app-server";
import { buildApp, needsBuild } from "./app-build";
import { args, main, say } from "./cli";
import { loadBenchGraph } from "./bench-data";

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

async function time(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

main(async () => {
  const { values } = args({ requests: { type: "string", default: "60" }, "skip-load": { type: "boolean", default: false } });
  const n = Number(values.requests);
  const conn = await ensureDatabase("test", say);
  useConnection(conn);
  if (!values["skip-load"]) await loadBenchGraph(conn);
  if (needsBuild()) buildApp();
  const app = await startAppServer(3198, connectionEnv(conn));
  try {
    const framework = "framework:a-mathematical-framework-for-transformer-circuits";
    const [hubRow] = await readQuery(
      "MATCH (e:Entity) WHERE e.id STARTS WITH 'concept:synthetic-' WITH e, COUNT { (e)--() } AS d ORDER BY d DESC LIMIT 1 RETURN e.id AS id, COUNT { (e)--(:Entity) } AS d",
    );
    const hub = String(hubRow?.id);
    say(`Supernode: ${hub} with ${toCount(hubRow?.d)} relationships.`);
    const params = (id: string) => entityPageParams(id);
    const lines: string[] = [];
    for (const [label, id] of [["framework", framework], ["supernode", hub]] as const) {
      const url = `${app.url}/entities/${encodeURIComponent(id)}`;
      const api = `${app.url}/api/entities/${encodeURIComponent(id)}`;
      const outcomes = new Map<string, number>();
      const fetchBody = async (u: string) => {
        const res = await fetch(u);
        if (res.status !== 200) throw new Error(`${u} answered ${res.status}`);
        const outcome = res.headers.get("x-atlas-cache") ?? "none";
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        await res.text();
      };
      // Warm up every path (JIT, query plans, connection pools).
      await time(5, () => fetchBody(url));
      await time(5, () => fetchBody(api));
      await time(5, () => readQuery(ENTITY_PAGE, params(id)));
      const raw = await time(n, () => readQuery(ENTITY_PAGE, params(id)));
      const mapped = await time(n, () => getEntityPage(id));
      const page = await time(n, () => fetchBody(url));
      const json = await time(n, () => fetchBody(api));
      // A parameter the page ignores but the cache does not know: Next renders every one of these.
      let k = 0;
      const pageRendered = await time(n, () => fetchBody(`${url}?bench=${k++}`));
      const jsonRendered = await time(n, () => fetchBody(`${api}?bench=${k++}`));
      const row = (name: string, xs: number[]) =>
        `${`${label} ${name}`.padEnd(28)} p50 ${percentile(xs, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(xs, 95).toFixed(1).padStart(7)} ms   ` +
        `p50 ratio ${(percentile(xs, 50) / percentile(raw, 50)).toFixed(2)}×`;
      lines.push(
        `${label}: cache answers ${[...outcomes].map(([o, c]) => `${o} ${c}`).join(", ")} (warm-up included)`,
        row("raw Cypher", raw), row("lib getEntityPage", mapped),
        row("page (HTML)", page), row("JSON API", json),
        row("page, rendered", pageRendered), row("JSON, rendered", jsonRendered),
      );
    }
    process.stdout.write(`\nPage benchmark: ${n} requests each, sequential, on ${conn.uri}; ratios against the raw Cypher\n${lines.join("\n")}\n`);
    process.stdout.write("page / JSON API: as served (cached answers, each checked against the graph version); rendered: the cache bypassed, Next renders every request\n");
    process.stdout.write("targets: page p50 ≤ 2× raw query; supernode page p95 ≤ 150 ms\n");
  } finally {
    app.stop();
  }
});
