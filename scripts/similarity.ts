// npm run similarity [-- --full] [--test]
// Embeds the entities whose text changed (SIMILARITY_PROVIDER: lexical by
// default) and relinks their computed SIMILAR_TO edges. Thin wrapper over lib/similarity.
import { useConnection } from "../lib/neo4j/connection";
import { ensureDatabase } from "../lib/neo4j/ensure";
import { ensureSchema } from "../lib/neo4j/schema";
import { describeSimilarity } from "../lib/similarity/run";
import { args, main, say } from "./cli";
import { runSimilarity } from "./similarity-progress";

main(async () => {
  const { values } = args({
    test: { type: "boolean", default: false },
    full: { type: "boolean", default: false },
  });
  useConnection(await ensureDatabase(values.test ? "test" : "dev", say));
  await ensureSchema();
  const summary = await runSimilarity(values.full);
  process.stdout.write(`${describeSimilarity(summary)}\n`);
});
