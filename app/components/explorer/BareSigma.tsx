"use client";
// The benchmark baseline: fetch, build the same graph, render with plain sigma.
import { useEffect, useRef } from "react";
import Sigma from "sigma";
import type { ExplorerData } from "@/lib/graph/explorer";
import { buildExplorerGraph, type ExplorerEdgeAttributes, type ExplorerNodeAttributes } from "@/lib/graph/explorer-graph";
import { attachBenchHook } from "./bench-hook";

export default function BareSigma({ query }: { query: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let renderer: Sigma<ExplorerNodeAttributes, ExplorerEdgeAttributes> | null = null;
    let cancelled = false;
    void fetch(`/api/graph?${query}`)
      .then((res) => res.json() as Promise<ExplorerData>)
      .then((data) => {
        if (cancelled || !container.current) return;
        renderer = new Sigma(buildExplorerGraph(data), container.current);
        attachBenchHook(renderer as unknown as Sigma);
      });
    return () => {
      cancelled = true;
      renderer?.kill();
    };
  }, [query]);
  return <div ref={container} style={{ height: 620, width: "100%" }} />;
}
