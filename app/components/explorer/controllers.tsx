"use client";
// Explorer behaviour, one concern per component: layout (ForceAtlas2 in its
// web worker), search, community colouring (Louvain), selection panel, export.
import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import type Sigma from "sigma";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";
import louvain from "graphology-communities-louvain";
import { write as writeGexf } from "graphology-gexf/browser";
import { downloadAsPNG } from "@sigma/export-image";
import type { ExplorerEdgeAttributes, ExplorerNodeAttributes } from "@/lib/graph/explorer-graph";
import { positionsOf, toGraphML } from "@/lib/graph/explorer-graph";
import type { EntityPage } from "@/lib/entities/types";
import { entityPath } from "@/lib/paths";

export type ExplorerSigma = Sigma<ExplorerNodeAttributes, ExplorerEdgeAttributes>;

export function LayoutControls({ sigma, positionsKey }: { sigma: ExplorerSigma; positionsKey: string }) {
  const layout = useRef<FA2Layout | null>(null);
  const [running, setRunning] = useState(false);
  useEffect(() => {
    const graph = sigma.getGraph();
    layout.current = new FA2Layout(graph, { settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 1000 } });
    return () => {
      layout.current?.kill();
      layout.current = null;
    };
  }, [sigma]);
  const toggle = () => {
    const l = layout.current;
    if (!l) return;
    if (l.isRunning()) {
      l.stop();
      setRunning(false);
      // Keep the layout for the next visit (merged with positions of other views).
      try {
        const known = JSON.parse(localStorage.getItem(positionsKey) ?? "{}") as Record<string, unknown>;
        localStorage.setItem(positionsKey, JSON.stringify({ ...known, ...positionsOf(sigma.getGraph()) }));
      } catch {
        /* storage full or disabled: the layout is simply not kept */
      }
    } else {
      l.start();
      setRunning(true);
    }
  };
  return (
    <button type="button" onClick={toggle} aria-pressed={running}>
      {running ? "Stop layout" : "Start layout (ForceAtlas2)"}
    </button>
  );
}

export function SearchControl({ sigma, onSelect }: { sigma: ExplorerSigma; onSelect: (id: string) => void }) {
  const [q, setQ] = useState("");
  const [message, setMessage] = useState("");
  const find = (e: React.FormEvent) => {
    e.preventDefault();
    const graph = sigma.getGraph();
    const needle = q.trim().toLowerCase();
    if (!needle) return;
    const hit = graph.findNode((n, a) => n.toLowerCase() === needle || a.label.toLowerCase().includes(needle));
    if (!hit) {
      setMessage(`No node in this view matches “${q}”.`);
      return;
    }
    setMessage("");
    const pos = sigma.getNodeDisplayData(hit);
    if (pos) void sigma.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.15 }, { duration: 500 });
    onSelect(hit);
  };
  return (
    <form onSubmit={find} role="search" className="inline-form">
      <label htmlFor="explorer-search" className="visually-hidden">
        Find a node
      </label>
      <input id="explorer-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Find a node…" />
      <button type="submit">Find</button>
      <span role="status" className="muted">
        {message}
      </span>
    </form>
  );
}

const COMMUNITY_COLORS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45", "#469990", "#9a6324", "#800000", "#808000", "#000075", "#a9a9a9"];

export function CommunityToggle({ sigma }: { sigma: ExplorerSigma }) {
  const [on, setOn] = useState(false);
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!on) {
      sigma.setSetting("nodeReducer", null);
      sigma.refresh({ skipIndexation: true });
      return;
    }
    // Communities over the typed edges of this view; colouring through a reducer (no rebuild).
    const graph = sigma.getGraph();
    const typed = graph.copy();
    typed.forEachEdge((e, a) => {
      if (a.category !== "typed") typed.dropEdge(e);
    });
    const communities = louvain(typed, { getEdgeWeight: null });
    const ids = [...new Set(Object.values(communities))];
    setCount(ids.length);
    const index = new Map(ids.map((c, i) => [c, i]));
    sigma.setSetting("nodeReducer", (node, data) => ({
      ...data,
      color: COMMUNITY_COLORS[(index.get(communities[node] as number) ?? 0) % COMMUNITY_COLORS.length],
    }));
    sigma.refresh({ skipIndexation: true });
  }, [on, sigma]);
  return (
    <label>
      <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} /> colour by community{on ? ` (${count})` : ""}
    </label>
  );
}

function download(name: string, content: string, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportControls({ sigma }: { sigma: ExplorerSigma }) {
  const graph = sigma.getGraph();
  return (
    <span className="inline-form">
      Export:
      <button type="button" onClick={() => download("interp-atlas.gexf", writeGexf(graph), "application/xml")}>
        GEXF
      </button>
      <button type="button" onClick={() => download("interp-atlas.graphml", toGraphML(graph), "application/xml")}>
        GraphML
      </button>
      <button type="button" onClick={() => void downloadAsPNG(sigma as unknown as Sigma, { fileName: "interp-atlas", backgroundColor: "#ffffff" })}>
        PNG
      </button>
    </span>
  );
}

export function SelectionPanel({ sigma, node }: { sigma: ExplorerSigma; node: string }) {
  const attrs = sigma.getGraph().getNodeAttributes(node);
  const [description, setDescription] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    setDescription(null);
    fetch(`/api/entities/${encodeURIComponent(node)}`)
      .then((res) => (res.ok ? (res.json() as Promise<EntityPage>) : null))
      .then((page) => !cancelled && setDescription(page?.entity.description ?? ""))
      .catch(() => !cancelled && setDescription(""));
    return () => {
      cancelled = true;
    };
  }, [node]);
  return (
    <aside className="selection" aria-label="Selected entity" data-selected={node}>
      <p className="badges">
        <span className="kind">{attrs.kind}</span> <span className="muted">{attrs.degree} edges</span>
      </p>
      <h2>{attrs.label}</h2>
      <p>{description ?? "…"}</p>
      <Link href={entityPath(node)}>Open its page →</Link>
    </aside>
  );
}
