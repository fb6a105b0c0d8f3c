// The read-only query console refuses writes and prints plain rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReadOnly } from "../../lib/neo4j/console";
import { closeDriver, readQuery } from "../../lib/neo4j/driver";
import { toCount } from "../../lib/neo4j/ints";
import { freshTestDatabase } from "../helpers/db";

describe("read-only query console", () => {
  beforeAll(freshTestDatabase);
  afterAll(closeDriver);

  it("returns rows of a read query as plain values", async () => {
    const rows: unknown[] = [];
    await runReadOnly("UNWIND range(1, 3) AS x RETURN x, {big: 9007199254740993} AS m", {}, (r) => rows.push(r));
    expect(rows).toEqual([
      { x: 1, m: { big: 9007199254740993n } },
      { x: 2, m: { big: 9007199254740993n } },
      { x: 3, m: { big: 9007199254740993n } },
    ]);
  });

  it("refuses writes and changes nothing", async () => {
    await expect(runReadOnly("CREATE (:Entity {id: 'concept:x'})", {}, () => {})).rejects.toThrow(/Only read queries/);
    await expect(runReadOnly("MATCH (n) DETACH DELETE n", {}, () => {})).rejects.toThrow(/Only read queries/);
    const [row] = await readQuery("MATCH (e:Entity) RETURN count(e) AS n");
    expect(toCount(row?.n)).toBe(0);
  });
});
