"use client";
// The explorer's view: fetches the filtered graph, builds it with
// lib/graph/explorer-graph (positions kept in the browser between visits),
// renders it with sigma, and hands behaviour to small controllers.
import { useEffect, useRef, useState } from "react";
import Sigma from "sigma";
import type { ExplorerData } from "@/lib/graph/explorer";
import { buildExplorerGraph, type ExplorerEdgeAttributes, type ExplorerGraph, type ExplorerNodeAttributes, type Positions } from "@/lib/graph/explorer-graph";
import { attachBenchHook } from "./bench-hook";
import { CommunityToggle, ExportControls, LayoutControls, SearchControl, SelectionPanel, type ExplorerSigma } from "./controllers";

export const POSITIONS_KEY = "interp-atlas:positions";

function storedPositions(): Positions {
  try {
    return JSON.parse(localStorage.getItem(POSITIONS_KEY) ?? "{}") as Positions;
  } catch {
    return {};
  }
}

export default function ExplorerCanvas({ query }: { query: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [graph, setGraph] = useState<ExplorerGraph | null>(null);
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState("");
  const [sigma, setSigma] = useState<ExplorerSigma | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setGraph(null);
    setError("");
    fetch(`/api/graph?${query}`)
      .then(async (res) => {
        const body = (await res.json()) as ExplorerData & { error?: string };
        if (!res.ok) throw new Error(body.error ?? `the server answered ${res.status}`);
        if (cancelled) return;
        setTruncated(body.truncated);
        setGraph(buildExplorerGraph(body, storedPositions()));
      })
      .catch((err: Error) => !cancelled && setError(`Could not load the graph: ${err.message}`));
    return () => {
      cancelled = true;
    };
  }, [query]);

  useEffect(() => {
    if (!graph || !container.current) return;
    const renderer = new Sigma<ExplorerNodeAttributes, ExplorerEdgeAttributes>(graph, container.current, {
      defaultEdgeType: "line",
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 8,
      hideEdgesOnMove: graph.size > 20_000,
    });
    attachBenchHook(renderer as unknown as Sigma);
    renderer.on("clickNode", ({ node }) => setSelected(node));
    renderer.on("clickStage", () => setSelected(null));
    setSigma(renderer);
    return () => {
      renderer.kill();
      setSigma(null);
    };
  }, [graph]);

  return (
    <section className="explorer" aria-label="Graph view">
      {error ? <p role="alert">{error}</p> : null}
      <div
        className="graph-wrap"
        data-testid="explorer-graph"
        data-node-count={graph?.order ?? 0}
        data-edge-count={graph?.size ?? 0}
        data-ready={sigma ? "true" : "false"}
      >
        <div ref={container} className="sigma-container" style={{ height: 620, width: "100%" }} />
        {truncated ? <p className="muted">Showing the most connected part only; raise “max nodes” or narrow the filters to see the rest.</p> : null}
        {sigma ? (
          <div className="explorer-tools">
            <LayoutControls sigma={sigma} positionsKey={POSITIONS_KEY} />
            <SearchControl sigma={sigma} onSelect={setSelected} />
            <CommunityToggle sigma={sigma} />
            <ExportControls sigma={sigma} />
          </div>
        ) : null}
      </div>
      {sigma && selected ? <SelectionPanel sigma={sigma} node={selected} /> : null}
    </section>
  );
}
