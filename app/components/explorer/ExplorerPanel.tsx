"use client";
// Loads the explorer view in the browser only (sigma needs WebGL).
import dynamic from "next/dynamic";

const ExplorerCanvas = dynamic(() => import("./ExplorerCanvas"), {
  ssr: false,
  loading: () => <p className="muted graph-loading">Loading the explorer…</p>,
});

export function ExplorerPanel({ query }: { query: string }) {
  return <ExplorerCanvas query={query} />;
}
