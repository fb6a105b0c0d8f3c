// Browser helpers for end-to-end tests: the served app's URL, Chromium, and
// where screenshots go (artifacts/).
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { PROJECT_ROOT } from "../../lib/config";
import { launchChromium } from "../../scripts/browser";

export function appUrl(): string {
  const url = process.env.ATLAS_E2E_URL;
  if (!url) throw new Error("ATLAS_E2E_URL is not set: run the end-to-end tests through `npm test`, which serves the app.");
  return url;
}

export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

export function artifactPath(name: string): string {
  const dir = process.env.ATLAS_ARTIFACTS ?? path.join(PROJECT_ROOT, "artifacts");
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
