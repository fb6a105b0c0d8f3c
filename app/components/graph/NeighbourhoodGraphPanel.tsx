"use client";
// The entity page's interactive graph. sigma needs WebGL and the DOM, so it is
// loaded in the browser only; the page stays complete without it.
import dynamic from "next/dynamic";
import type { EntityPage } from "@/lib/entities/types";

const SigmaCanvas = dynamic(() => import("./SigmaCanvas"), {
  ssr: false,
  loading: () => <p className="muted graph-loading">Loading the graph…</p>,
});

export function NeighbourhoodGraphPanel({ page }: { page: EntityPage }) {
  return (
    <section aria-labelledby="graph-heading" className="graph-panel">
      <h2 id="graph-heading">Graph</h2>
      <p className="subtitle">
        Hover a node to highlight its neighbours, click it to open its page, expand it to add its own neighbourhood.
      </p>
      <SigmaCanvas page={page} />
    </section>
  );
}
