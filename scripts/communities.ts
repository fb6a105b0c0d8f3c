// npm run communities: recompute and store communities (Louvain over typed edges).
import { recomputeCommunities } from "../lib/communities/store";
import { useConnection } from "../lib/neo4j/connection";
import { ensureDatabase } from "../lib/neo4j/ensure";
import { ensureSchema } from "../lib/neo4j/schema";
import { args, main, say } from "./cli";

main(async () => {
  const { values } = args({ test: { type: "boolean", default: false } });
  useConnection(await ensureDatabase(values.test ? "test" : "dev", say));
  await ensureSchema();
  const c = await recomputeCommunities();
  process.stdout.write(`Communities: ${c.communities} (largest ${c.largest} members, ${c.singletons} single entities) in ${c.seconds.toFixed(1)} s\n`);
});
