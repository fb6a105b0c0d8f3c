// npm run curator -- add <name> [--admin] [--password …] | remove <name> | list
// Thin CLI over lib/auth/curators.ts. A generated password is printed once
// (to stdout, so it can be captured); it is never stored in clear.
import { addCurator, listCurators, removeCurator } from "../lib/auth/curators";
import { useConnection } from "../lib/neo4j/connection";
import { ensureDatabase } from "../lib/neo4j/ensure";
import { ensureSchema } from "../lib/neo4j/schema";
import { args, main, say } from "./cli";

const USAGE = "usage: npm run curator -- add <name> [--admin] [--password <p>] | remove <name> | list   (--test: the test database)";

main(async () => {
  const { values, positionals } = args({
    admin: { type: "boolean", default: false },
    password: { type: "string" },
    test: { type: "boolean", default: false },
  });
  const [command, name] = positionals;
  if (!command || !["add", "remove", "list"].includes(command) || (command !== "list" && !name)) {
    say(USAGE);
    return 2;
  }
  useConnection(await ensureDatabase(values.test ? "test" : "dev", say));
  await ensureSchema();
  if (command === "add") {
    const added = await addCurator(name as string, { admin: values.admin, password: values.password });
    say(`Curator "${added.name}" (${added.role}) is ready.`);
    if (added.generatedPassword) {
      say("Password (shown once, not stored in clear):");
      process.stdout.write(`${added.generatedPassword}\n`);
    }
  } else if (command === "remove") {
    const sessions = await removeCurator(name as string);
    say(`Curator "${name}" revoked; ${sessions} open session${sessions === 1 ? "" : "s"} ended. The audit log keeps the name.`);
  } else {
    const all = await listCurators();
    if (all.length === 0) say("No curators yet (npm start creates an admin on first start).");
    for (const c of all) {
      process.stdout.write(`${c.name}\t${c.role}\t${c.revokedAt ? `revoked ${c.revokedAt}` : "active"}\t${c.sessions} session(s)\tcreated ${c.createdAt}\n`);
    }
  }
});
