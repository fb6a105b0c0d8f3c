"use client";
// Benchmark hook: with ?bench=1 in the URL, a sigma renderer publishes the
// time of its first frame and lets `npm run bench:graph` drive its camera.
// Without that parameter it does nothing.
import type Sigma from "sigma";

declare global {
  interface Window {
    __atlasBench?: { firstFrameAt: number | null; renderer: Sigma };
  }
}

export function attachBenchHook(renderer: Sigma): void {
  if (typeof window === "undefined" || !new URLSearchParams(window.location.search).has("bench")) return;
  const bench = { firstFrameAt: null as number | null, renderer };
  window.__atlasBench = bench;
  // sigma draws its first frame in its constructor (before this hook runs); the next
  // animation frame is when that frame has been presented.
  requestAnimationFrame(() => {
    bench.firstFrameAt = performance.now();
  });
}
