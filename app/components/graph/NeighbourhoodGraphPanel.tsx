"use client";
// The entity page's interactive graph. sigma needs WebGL and the DOM, so it is
// loaded in the browser only; the page stays complete without it.
import dynamic from "next/dynamic";
import type { GraphInput } from "@/lib/graph/neighbourhood";

const SigmaCanvas = dynamic(() => import("./SigmaCanvas"), {
  ssr: false,
  loading: () => <p className="muted graph-loading">Loading the graph…</p>,
});

export function NeighbourhoodGraphPanel({ input }: { input: GraphInput }) {
  return (
    <section aria-labelledby="graph-heading" className="graph-panel">
      <h2 id="graph-heading">Graph</h2>
      <p className="subtitle">
        Hover a node to highlight its neighbours, click it to open its page, expand it to add its own neighbourhood.
      </p>
      <SigmaCanvas input={input} />
    </section>
  );
}
