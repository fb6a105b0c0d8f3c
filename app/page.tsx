// Home page: counts by kind and the most connected entities.
import Link from "next/link";
import { getHomeData } from "@/lib/queries/home";
import { entityPath } from "@/lib/paths";
import { SearchBox } from "@/app/components/SearchBox";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const data = await getHomeData(50);
  return (
    <>
      <h1>Interp Atlas</h1>
      <p className="muted">
        {data.total.toLocaleString("en-US")} entities from interpretability research, with their typed relations and
        similarity links.
      </p>
      <SearchBox />
      <h2>Entities by kind</h2>
      <ul className="counts" aria-label="Entities by kind">
        {data.kinds.map((k) => (
          <li key={k.kind}>
            {k.plural} <strong>{k.count.toLocaleString("en-US")}</strong>
          </li>
        ))}
      </ul>
      <h2>Most connected</h2>
      <ul className="entity-list">
        {data.topEntities.map((e) => (
          <li key={e.id}>
            <span className="kind">{e.kind}</span>
            <Link href={entityPath(e.id)}>{e.name}</Link> <span className="muted">· {e.edges} edges</span>
            {e.description ? <p>{e.description}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
