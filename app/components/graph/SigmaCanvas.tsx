"use client";
// Renders the neighbourhood graph built by lib/graph/neighbourhood with sigma.
// The graph is built once per page; behaviour lives in the controllers below,
// which render nothing and change the picture through reducers only.
import { useEffect, useMemo, useRef, useState } from "react";
import Sigma from "sigma";
import { createEdgeCurveProgram, DEFAULT_EDGE_CURVE_PROGRAM_OPTIONS } from "@sigma/edge-curve";
import { buildNeighbourhoodGraph, KIND_COLORS, type GraphInput, type EdgeAttributes, type NeighbourhoodGraph, type NodeAttributes } from "@/lib/graph/neighbourhood";
import { DashedCurvedEdge } from "./dashed-edge";
import { ClickController, ExpandControls, HoverController, type GraphSigma } from "./controllers";

declare global {
  interface Window {
    /** Test hook: viewport position of a drawn node (end-to-end tests hover and click through it). */
    __atlasGraph?: { viewportPosition(id: string): { x: number; y: number } | null };
  }
}

const CurvedArrowEdge = createEdgeCurveProgram<NodeAttributes, EdgeAttributes>({
  curvatureAttribute: DEFAULT_EDGE_CURVE_PROGRAM_OPTIONS.curvatureAttribute,
  arrowHead: { extremity: "target", lengthToThicknessRatio: 2.5, widenessToThicknessRatio: 2 },
});

function useGraphCounts(graph: NeighbourhoodGraph) {
  const [counts, setCounts] = useState({ nodes: graph.order, edges: graph.size });
  useEffect(() => {
    const update = () => setCounts({ nodes: graph.order, edges: graph.size });
    const events = ["nodeAdded", "nodeDropped", "edgeAdded", "edgeDropped"] as const;
    for (const e of events) graph.on(e, update);
    return () => {
      for (const e of events) graph.off(e, update);
    };
  }, [graph]);
  return counts;
}

export default function SigmaCanvas({ input }: { input: GraphInput }) {
  const container = useRef<HTMLDivElement>(null);
  const graph = useMemo(() => buildNeighbourhoodGraph(input), [input]);
  const [sigma, setSigma] = useState<GraphSigma | null>(null);
  const counts = useGraphCounts(graph);

  useEffect(() => {
    if (!container.current) return;
    const renderer = new Sigma<NodeAttributes, EdgeAttributes>(graph, container.current, {
      renderEdgeLabels: true,
      enableEdgeEvents: false,
      labelRenderedSizeThreshold: 0,
      labelDensity: 1,
      edgeLabelSize: 11,
      defaultEdgeType: "arrow",
      edgeProgramClasses: { curvedArrow: CurvedArrowEdge, dashedCurve: DashedCurvedEdge },
    });
    setSigma(renderer);
    window.__atlasGraph = {
      viewportPosition: (id) => {
        if (!graph.hasNode(id)) return null;
        const { x, y } = graph.getNodeAttributes(id);
        return renderer.graphToViewport({ x, y });
      },
    };
    return () => {
      delete window.__atlasGraph;
      renderer.kill();
      setSigma(null);
    };
  }, [graph]);

  const kinds = [...new Set(graph.mapNodes((_n, a) => a.kind))];
  return (
    <div className="graph-wrap" data-testid="neighbourhood-graph" data-node-count={counts.nodes} data-edge-count={counts.edges} data-ready={sigma ? "true" : "false"}>
      <div ref={container} className="sigma-container" style={{ height: 480, width: "100%" }} />
      <ul className="legend" aria-label="Legend">
        {kinds.map((k) => (
          <li key={k}>
            <span className="swatch" style={{ background: KIND_COLORS[k] ?? "#7f8c8d" }} /> {k}
          </li>
        ))}
        <li>
          <span className="line solid" /> typed edge (arrow: direction)
        </li>
        <li>
          <span className="line dashed" /> similarity (dashed, score)
        </li>
      </ul>
      {sigma ? (
        <>
          <HoverController sigma={sigma} />
          <ClickController sigma={sigma} centre={input.entity.id} />
          <ExpandControls sigma={sigma} centre={input.entity.id} />
        </>
      ) : null}
    </div>
  );
}
