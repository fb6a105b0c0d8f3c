// Shared plumbing for the command-line scripts: argument parsing, a main()
// wrapper that prints errors for people and closes the driver, and exit codes.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { closeDriver } from "../lib/neo4j/driver";

export function args<T extends ParseArgsConfig["options"]>(options: T, argv = process.argv.slice(2)) {
  return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
}

/** Resolves once everything written to stdout has been handed to the OS (a pipe drains asynchronously). */
const flushed = () => new Promise<void>((resolve) => process.stdout.write("", () => resolve()));

export function main(run: () => Promise<number | void>): void {
  run()
    .then(async (code) => {
      await closeDriver();
      // process.exit() does not wait for a pipe: large --json output was cut short without this.
      await flushed();
      process.exit(code ?? 0);
    })
    .catch(async (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`\nError: ${message}\n`);
      if (process.env.DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
      await closeDriver().catch(() => {});
      process.exit(1);
    });
}

export const say = (line: string) => process.stderr.write(`${line}\n`);

/** One line about stored neighbour rankings, when any were (re)computed. */
export function reportRankings(r: { hubs: number; computed: number; seconds: number }): void {
  if (r.computed > 0) say(`Neighbour rankings: stored for ${r.computed} of ${r.hubs} hubs in ${r.seconds.toFixed(1)} s`);
}
