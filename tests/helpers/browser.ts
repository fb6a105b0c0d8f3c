// Headless Chromium from Debian's package, driven by playwright-core (no
// browser download). Screenshots go to artifacts/.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { PROJECT_ROOT } from "../../lib/config";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function appUrl(): string {
  const url = process.env.ATLAS_E2E_URL;
  if (!url) throw new Error("ATLAS_E2E_URL is not set: run the end-to-end tests through `npm test`, which serves the app.");
  return url;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  // chromium.launch() gives every browser a fresh, empty temporary profile (its own --user-data-dir).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function artifactPath(name: string): string {
  const dir = process.env.ATLAS_ARTIFACTS ?? path.join(PROJECT_ROOT, "artifacts");
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
