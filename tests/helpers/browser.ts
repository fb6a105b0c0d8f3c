// Browser helpers for end-to-end tests: the served app's URL, Chromium, and
// where screenshots go (artifacts/).
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { PROJECT_ROOT } from "../../lib/config";
import { launchChromium } from "../../scripts/browser";
import { closeDriver } from "../../lib/neo4j/driver";
import { freshDatasetDatabase } from "./db";

export function appUrl(): string {
  const url = process.env.ATLAS_E2E_URL;
  if (!url) throw new Error("ATLAS_E2E_URL is not set: run the end-to-end tests through `npm test`, which serves the app.");
  return url;
}

export function artifactPath(name: string): string {
  const dir = process.env.ATLAS_ARTIFACTS ?? path.join(PROJECT_ROOT, "artifacts");
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/**
 * Set-up for a browser suite: a clean database with the circuits dataset (plus
 * `extra` set-up) and one Chromium for the suite, closed afterwards.
 */
export function browserSuite(hooks: { beforeAll: (fn: () => Promise<void>) => void; afterAll: (fn: () => Promise<void>) => void }, extra?: () => Promise<unknown>): () => Browser {
  let browser: Browser | null = null;
  hooks.beforeAll(async () => {
    await freshDatasetDatabase();
    await extra?.();
    browser = await launchChromium();
  });
  hooks.afterAll(async () => {
    await browser?.close();
    await closeDriver();
  });
  return () => {
    if (!browser) throw new Error("the browser is not started yet");
    return browser;
  };
}
