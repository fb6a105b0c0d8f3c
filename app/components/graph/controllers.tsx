"use client";
// Behaviour of the neighbourhood graph, one concern per component. Hover and
// click render nothing; ExpandControls renders the keyboard-usable controls.
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type Sigma from "sigma";
import type { EntityPage } from "@/lib/entities/types";
import { expandNode, graphInput, undoExpansion, type EdgeAttributes, type Expansion, type NodeAttributes } from "@/lib/graph/neighbourhood";
import { entityPath } from "@/lib/paths";

export type GraphSigma = Sigma<NodeAttributes, EdgeAttributes>;

const DIMMED = "#e4e7ee";

/** Highlights the hovered node and its neighbours with reducers (the graph itself is untouched). */
export function HoverController({ sigma }: { sigma: GraphSigma }) {
  useEffect(() => {
    const graph = sigma.getGraph();
    let hovered: string | null = null;
    let neighbours = new Set<string>();
    sigma.setSetting("nodeReducer", (node, data) => {
      if (!hovered) return data;
      if (node === hovered) return { ...data, highlighted: true, zIndex: 2 };
      if (neighbours.has(node)) return { ...data, zIndex: 1 };
      return { ...data, color: DIMMED, label: "", zIndex: 0 };
    });
    sigma.setSetting("edgeReducer", (edge, data) => {
      if (!hovered) return data;
      return graph.hasExtremity(edge, hovered) ? { ...data, size: data.size * 1.6 } : { ...data, hidden: true };
    });
    const container = sigma.getContainer();
    const enter = ({ node }: { node: string }) => {
      hovered = node;
      neighbours = new Set(graph.neighbors(node));
      container.dataset.hovered = node;
      container.style.cursor = "pointer";
      sigma.refresh({ skipIndexation: true });
    };
    const leave = () => {
      hovered = null;
      neighbours = new Set();
      delete container.dataset.hovered;
      container.style.cursor = "";
      sigma.refresh({ skipIndexation: true });
    };
    sigma.on("enterNode", enter);
    sigma.on("leaveNode", leave);
    return () => {
      sigma.off("enterNode", enter);
      sigma.off("leaveNode", leave);
      sigma.setSetting("nodeReducer", null);
      sigma.setSetting("edgeReducer", null);
    };
  }, [sigma]);
  return null;
}

/** Clicking a node opens its page. */
export function ClickController({ sigma, centre }: { sigma: GraphSigma; centre: string }) {
  const router = useRouter();
  useEffect(() => {
    const click = ({ node }: { node: string }) => {
      if (node !== centre) router.push(entityPath(node));
    };
    sigma.on("clickNode", click);
    return () => {
      sigma.off("clickNode", click);
    };
  }, [sigma, centre, router]);
  return null;
}

/** Expand a drawn node in place (a second hop, capped) and undo expansions, last first. */
export function ExpandControls({ sigma, centre }: { sigma: GraphSigma; centre: string }) {
  const graph = sigma.getGraph();
  const [history, setHistory] = useState<Expansion[]>([]);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const select = useRef<HTMLSelectElement>(null);
  const [options, setOptions] = useState<{ id: string; label: string }[]>([]);

  useEffect(() => {
    const update = () =>
      setOptions(graph.filterNodes((n) => n !== centre).map((n) => ({ id: n, label: graph.getNodeAttribute(n, "label") })).sort((a, b) => a.label.localeCompare(b.label)));
    update();
    graph.on("nodeAdded", update);
    graph.on("nodeDropped", update);
    return () => {
      graph.off("nodeAdded", update);
      graph.off("nodeDropped", update);
    };
  }, [graph, centre]);

  async function expand(id: string) {
    if (history.some((h) => h.node === id)) {
      setMessage(`${graph.getNodeAttribute(id, "label")} is already expanded.`);
      return;
    }
    setBusy(true);
    try {
      const res = await fetch(`/api/entities/${encodeURIComponent(id)}`);
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const page = (await res.json()) as EntityPage;
      const result = expandNode(graph, graphInput(page), 15);
      setHistory((h) => [...h, result]);
      setMessage(
        `Added ${result.addedNodes} node${result.addedNodes === 1 ? "" : "s"} around ${page.entity.name}` +
          (result.more > 0 ? ` (+${result.more} more not shown; open its page for all)` : "") + ".",
      );
    } catch (err) {
      setMessage(`Could not expand: ${(err as Error).message}.`);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    const dbl = ({ node, preventSigmaDefault }: { node: string; preventSigmaDefault: () => void }) => {
      preventSigmaDefault();
      if (node !== centre) void expand(node);
    };
    sigma.on("doubleClickNode", dbl);
    return () => {
      sigma.off("doubleClickNode", dbl);
    };
  });

  function undo() {
    const last = history.at(-1);
    if (!last) return;
    undoExpansion(graph, last.node);
    setHistory((h) => h.slice(0, -1));
    setMessage(`Removed the expansion of ${graph.hasNode(last.node) ? graph.getNodeAttribute(last.node, "label") : last.node}.`);
  }

  return (
    <form
      className="graph-controls"
      onSubmit={(e) => {
        e.preventDefault();
        if (select.current?.value) void expand(select.current.value);
      }}
    >
      <label htmlFor="expand-node">Expand</label>
      <select id="expand-node" ref={select}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" disabled={busy}>
        Expand
      </button>
      <button type="button" onClick={undo} disabled={history.length === 0}>
        Undo expansion
      </button>
      <span role="status" className="muted">
        {message}
      </span>
    </form>
  );
}
