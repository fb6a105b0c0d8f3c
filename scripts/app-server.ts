// Starts the app (scripts/serve.ts: Next's production handler behind the page cache) on a port with the given environment and waits until it
// answers; used by npm test, the page benchmark and end-to-end tests.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "../lib/config";

export interface AppServer {
  url: string;
  stop: () => void;
  log: () => string;
}

export async function startAppServer(port: number, env: Record<string, string>): Promise<AppServer> {
  const log: string[] = [];
  const child: ChildProcess = spawn(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), [path.join(PROJECT_ROOT, "scripts", "serve.ts")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => log.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => log.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app server exited early:\n${log.join("")}`);
    try {
      await fetch(`${url}/api/health`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`the app server did not answer:\n${log.join("")}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return { url, stop: () => child.kill("SIGTERM"), log: () => log.join("") };
}
