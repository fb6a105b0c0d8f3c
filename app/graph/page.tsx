// The graph explorer: a filter form (plain GET, works without JavaScript)
// and the interactive view, which loads its data from /api/graph.
import { loadVocabulary } from "@/lib/vocabulary";
import { ExplorerFiltersSchema, MAX_EXPLORER_NODES } from "@/lib/graph/explorer";
import { ExplorerPanel } from "@/app/components/explorer/ExplorerPanel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Graph explorer" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function GraphPage({ searchParams }: Props) {
  const raw = await searchParams;
  const flat = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
  const parsed = ExplorerFiltersSchema.safeParse(flat);
  const filters = parsed.success ? parsed.data : ExplorerFiltersSchema.parse({});
  const vocab = loadVocabulary();
  const query = new URLSearchParams(Object.entries(flat).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")).toString();
  return (
    <>
      <h1>Graph explorer</h1>
      {!parsed.success ? <p role="alert">Some filters were invalid and were ignored: {parsed.error.issues.map((i) => i.message).join("; ")}</p> : null}
      <form method="get" className="explorer-filters" aria-label="Filters">
        <fieldset>
          <legend>Kinds</legend>
          {vocab.kinds.map((k) => (
            <label key={k.key}>
              <input type="checkbox" name="kinds" value={k.key} defaultChecked={!filters.kinds || filters.kinds.includes(k.key)} /> {k.plural}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Relations</legend>
          {vocab.relations.map((r) => (
            <label key={r.key}>
              <input type="checkbox" name="relations" value={r.key} defaultChecked={!filters.relations || filters.relations.includes(r.key)} /> {r.forward}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Similarity and size</legend>
          <label>
            <select name="similarity" defaultValue={filters.similarity ? "on" : "off"}>
              <option value="on">show similarity edges</option>
              <option value="off">hide similarity edges</option>
            </select>
          </label>
          <label>
            min score <input type="number" name="minScore" step="0.01" min="0" max="1" defaultValue={filters.minScore} />
          </label>
          <label>
            min degree <input type="number" name="minDegree" min="0" defaultValue={filters.minDegree} />
          </label>
          <label>
            max nodes <input type="number" name="limit" min="1" max={MAX_EXPLORER_NODES} defaultValue={filters.limit} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Ego network</legend>
          <label>
            around <input type="text" name="ego" placeholder="kind:slug" defaultValue={filters.ego ?? ""} />
          </label>
          <label>
            depth
            <select name="depth" defaultValue={String(filters.depth)}>
              <option value="1">1</option>
              <option value="2">2</option>
              <option value="3">3</option>
            </select>
          </label>
        </fieldset>
        <button type="submit">Apply filters</button>
      </form>
      <ExplorerPanel query={query} />
    </>
  );
}
