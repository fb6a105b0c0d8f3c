// Entry point of `npm start` and `npm test` on a fresh clone. It runs before
// any dependency is installed (hence plain JavaScript): installs dependencies
// when they are missing or stale, then hands over to the TypeScript script.
import { existsSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [command, ...rest] = process.argv.slice(2);
const scripts = { start: "scripts/start.ts", test: "scripts/test.ts" };
if (!(command in scripts)) {
  console.error(`Usage: node scripts/bootstrap.mjs start|test`);
  process.exit(2);
}

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 9)) {
  console.error(`Node ${process.versions.node} is too old: Interp Atlas needs Node 20.9 or newer.`);
  process.exit(1);
}

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
const installed = path.join(root, "node_modules", ".package-lock.json");
const lock = path.join(root, "package-lock.json");
if (!existsSync(installed) || mtime(lock) > mtime(installed) || mtime(path.join(root, "package.json")) > mtime(installed)) {
  // `npm install` (not `npm ci`): it installs the locked versions too, and some npm 11 builds write
  // lockfiles without other platforms' optional packages that `npm ci` then rejects.
  console.error("Installing dependencies (npm install)…");
  const res = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (res.status !== 0) {
    console.error("Installing dependencies failed (see above). Check that the npm registry is reachable, then run the command again.");
    process.exit(res.status ?? 1);
  }
}

const tsx = path.join(root, "node_modules", ".bin", "tsx");
const res = spawnSync(tsx, [path.join(root, scripts[command]), ...rest], { cwd: root, stdio: "inherit" });
process.exit(res.status ?? (res.signal ? 1 : 0));
