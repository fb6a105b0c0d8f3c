// npm run db:start | db:stop | db:status [-- --test]
// Starts, stops or reports on the Neo4j in use: the user's (NEO4J_URI) or the
// project's own local server (git-ignored folder .neo4j/<dev|test>/).
import { PROJECT_ROOT, readEnv } from "../lib/config";
import { connectionFromEnv, testConnectionFromEnv } from "../lib/neo4j/connection";
import { verifyConnection } from "../lib/neo4j/ensure";
import { localServerPaths, localServerStatus, startLocalServer, stopLocalServer } from "../lib/neo4j/local-server";
import { args, main, say } from "./cli";

main(async () => {
  const { values, positionals } = args({ test: { type: "boolean", default: false } });
  const command = positionals[0];
  const env = readEnv();
  const name = values.test ? "test" : "dev";
  const external = values.test ? testConnectionFromEnv(env) : connectionFromEnv(env);
  const opts = { root: PROJECT_ROOT, name, port: values.test ? env.NEO4J_TEST_PORT : env.NEO4J_PORT, log: say } as const;

  if (command === "status") {
    if (external) {
      try {
        say(`URI: ${external.uri} (from ${external.origin})`);
        say(`Answers: yes — ${await verifyConnection(external)}`);
        return 0;
      } catch (err) {
        say(`Answers: no — ${(err as Error).message}`);
        return 1;
      }
    }
    const status = await localServerStatus(opts);
    say(`URI: ${status.uri} (project's local ${name} server, data in ${localServerPaths(opts).data})`);
    say(`Running: ${status.running ? `yes (pid ${status.pid})` : "no"}`);
    say(`Answers: ${status.answers ? "yes" : "no"}`);
    if (!status.running) say("Start it with `npm run db:start`.");
    return status.answers ? 0 : 1;
  }
  if (command === "start") {
    if (external) {
      say(`NEO4J_URI is set: using ${await verifyConnection(external)}; nothing to start.`);
      return 0;
    }
    const info = await startLocalServer(opts);
    say(`${info.startedByUs ? "Started" : "Already running:"} Neo4j ${info.version} at ${info.uri} (user ${info.username}; password in ${localServerPaths(opts).passwordFile}).`);
    return 0;
  }
  if (command === "stop") {
    if (external) {
      say("NEO4J_URI is set: the project does not manage that server; nothing to stop.");
      return 0;
    }
    say((await stopLocalServer(opts)) ? "Stopped the local Neo4j server." : "The local Neo4j server was not running.");
    return 0;
  }
  throw new Error(`Unknown command "${command ?? ""}": use start, stop or status`);
});
