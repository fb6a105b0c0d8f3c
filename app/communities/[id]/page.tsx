// A community: its label, members, members' graph, sub-communities, sources,
// bridges to other communities, and its claims and findings.
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getCommunityPage } from "@/lib/communities/page";
import { entityPath } from "@/lib/paths";
import { ExplorerPanel } from "@/app/components/explorer/ExplorerPanel";

export const dynamic = "force-dynamic";

const Id = z.coerce.number().int().min(0);

export default async function CommunityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const parsed = Id.safeParse(id);
  if (!parsed.success) notFound();
  const c = await getCommunityPage(parsed.data);
  if (!c) notFound();
  return (
    <article>
      <p className="badges">
        <span className="kind">Community</span> <code className="entity-id">#{c.id}</code>
      </p>
      <h1>{c.label}</h1>
      <p>
        <strong>{c.size} members</strong> · Drawn from {c.sources} source{c.sources === 1 ? "" : "s"}
      </p>
      <section aria-labelledby="members-graph">
        <h2 id="members-graph">Members&apos; graph</h2>
        <ExplorerPanel query={`community=${c.id}&limit=500`} />
      </section>
      {c.subcommunities.length > 1 ? (
        <section aria-labelledby="subs">
          <h2 id="subs">Sub-communities ({c.subcommunities.length})</h2>
          <ul className="members">
            {c.subcommunities.map((s) => (
              <li key={s.id}>
                {s.label} <span className="muted">· {s.size} members</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="bridges">
        <h2 id="bridges">Bridges ({c.bridges.length})</h2>
        <p className="subtitle">The communities most connected to this one, by typed edges between them.</p>
        <ul className="members">
          {c.bridges.map((b) => (
            <li key={b.id}>
              <Link href={`/communities/${b.id}`}>{b.label}</Link> <span className="muted">· {b.edges} edges · {b.size} members</span>
            </li>
          ))}
        </ul>
      </section>
      {c.claims.length ? (
        <section aria-labelledby="claims">
          <h2 id="claims">Claims and findings ({c.claims.length})</h2>
          <ul className="members">
            {c.claims.map((m) => (
              <li key={m.id}>
                <span className="kind">{m.kind}</span> <Link href={entityPath(m.id)}>{m.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="member-list">
        <h2 id="member-list">Members</h2>
        <ol className="members">
          {c.members.map((m) => (
            <li key={m.id}>
              <span className="kind">{m.kind}</span> <Link href={entityPath(m.id)}>{m.name}</Link>{" "}
              <span className="muted">· {m.degree} edges</span>
            </li>
          ))}
        </ol>
        {c.size > c.members.length ? <p className="muted">The {c.members.length} most connected of {c.size} members.</p> : null}
      </section>
    </article>
  );
}
