// npm run cypher -- "<query>" [--param name=value …]
// A read-only query console: refuses anything but read queries and prints
// each row as one JSON line.
import { runReadOnly } from "../lib/neo4j/console";
import { ensureDatabase } from "../lib/neo4j/ensure";
import { useConnection } from "../lib/neo4j/connection";
import { args, main, say } from "./cli";

main(async () => {
  const { values, positionals } = args({
    param: { type: "string", multiple: true, default: [] },
    test: { type: "boolean", default: false },
  });
  const query = positionals.join(" ").trim();
  if (!query) throw new Error('Give a query: npm run cypher -- "MATCH (e:Entity) RETURN e.id LIMIT 5"');
  const params: Record<string, unknown> = {};
  for (const p of values.param) {
    const eq = p.indexOf("=");
    if (eq < 1) throw new Error(`--param expects name=value, got "${p}"`);
    const raw = p.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      /* a bare string */
    }
    params[p.slice(0, eq)] = value;
  }
  useConnection(await ensureDatabase(values.test ? "test" : "dev", () => {}));
  let rows = 0;
  await runReadOnly(query, params, (row) => {
    process.stdout.write(`${JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}\n`);
    rows++;
  });
  say(`${rows} row${rows === 1 ? "" : "s"}`);
});
