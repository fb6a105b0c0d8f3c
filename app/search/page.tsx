// Search results: full-text over names, aliases and descriptions.
import Link from "next/link";
import { searchEntities } from "@/lib/search";
import { entityPath } from "@/lib/paths";
import { SearchBox } from "@/app/components/SearchBox";

export const dynamic = "force-dynamic";
export const metadata = { title: "Search" };

export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { q } = await searchParams;
  const query = (Array.isArray(q) ? q[0] : q)?.slice(0, 200) ?? "";
  const hits = await searchEntities(query, 50);
  return (
    <>
      <h1>Search</h1>
      <SearchBox defaultValue={query} />
      {query ? (
        <p className="muted">
          {hits.length === 0 ? "No entity matches" : `${hits.length} result${hits.length === 1 ? "" : "s"} for`} “{query}”
        </p>
      ) : null}
      <ul className="entity-list">
        {hits.map((h) => (
          <li key={h.id}>
            <span className="kind">{h.kind}</span>
            <Link href={entityPath(h.id)}>{h.name}</Link>
            {h.description ? <p>{h.description}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
