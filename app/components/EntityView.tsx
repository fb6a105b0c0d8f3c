// Renders an entity page from the plain data lib/entities returns. Server
// component: the page reads without client JavaScript.
import Link from "next/link";
import type { EntityPage, EntityRef, NeighbourGroup, SimilarEntity } from "@/lib/entities/types";
import { GROUP_ORDER_RULE } from "@/lib/entities/ranking";
import { entityPath } from "@/lib/paths";
import { excerpt } from "@/lib/text";
import { formatScore } from "@/lib/candidates/explain";
import { MemberList } from "./MemberList";
import { NeighbourhoodGraphPanel } from "./graph/NeighbourhoodGraphPanel";
import { graphInput } from "@/lib/graph/neighbourhood";
import { CandidateActions, Notice, SignInToCurate } from "./CurationForms";

/** Who is looking (curation controls show for curators) and the outcome of their last action. */
export interface CurationView {
  curator: { name: string } | null;
  returnTo: string;
  notice?: string;
  error?: string;
}

const SIMILAR_VISIBLE = 8;

// A plain anchor, not next/link: a hub's page holds hundreds of these, and each
// Link is a client component to serialise, render and prefetch.
function EntityLink({ entity }: { entity: EntityRef }) {
  return <a href={entityPath(entity.id)}>{entity.name}</a>;
}

/** Entities listed under one heading per kind (what a paper yields, what a thinker's papers introduce). */
function KindLists({ title, groups }: { title: string; groups: { kind: string; plural: string; members: EntityRef[] }[] }) {
  if (groups.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      {groups.map((g) => (
        <div key={g.kind}>
          <h4>
            {g.plural} ({g.members.length})
          </h4>
          <ul className="compact">
            {g.members.map((m) => (
              <li key={m.id}>
                <EntityLink entity={m} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

function Header({ data }: { data: EntityPage }) {
  const e = data.entity;
  return (
    <header className="entity-header">
      <p className="badges">
        <span className="kind">{e.kindLabel}</span>
        <span className={`status status-${e.status}`}>{e.status}</span>
        <code className="entity-id">{e.id}</code>
      </p>
      <h1>{e.name}</h1>
      {e.description ? <p className="lead">{e.description}</p> : null}
      <dl className="facts">
        {e.aliases.length ? (
          <>
            <dt>Also known as</dt>
            <dd>{e.aliases.join(" · ")}</dd>
          </>
        ) : null}
        {e.year !== null ? (
          <>
            <dt>Year</dt>
            <dd>{e.year}</dd>
          </>
        ) : null}
        {e.url ? (
          <>
            <dt>Link</dt>
            <dd>
              <a href={e.url} rel="noopener noreferrer">
                {e.url}
              </a>
            </dd>
          </>
        ) : null}
        <dt>Typed edges</dt>
        <dd>{e.edges}</dd>
      </dl>
      {data.community ? (
        <p className="community-link">
          Community: <Link href={`/communities/${data.community.id}`}>{data.community.label}</Link>{" "}
          <span className="muted">({data.community.size} members)</span>
        </p>
      ) : null}
      {data.sourcePaper ? (
        <p className="source-paper">
          <strong>Source paper:</strong> <EntityLink entity={data.sourcePaper} />
          {data.sourcePaper.year !== null ? ` (${data.sourcePaper.year})` : ""}
          {data.sourcePaper.authors.length ? ` — ${data.sourcePaper.authors.join(", ")}` : ""}
        </p>
      ) : null}
    </header>
  );
}

function PaperSection({ data }: { data: EntityPage }) {
  const p = data.paper;
  const e = data.entity;
  if (!p) return null;
  return (
    <section aria-labelledby="paper-heading" className="paper">
      <h2 id="paper-heading">Paper</h2>
      <dl className="facts">
        {p.authors.length ? (
          <>
            <dt>Authors</dt>
            <dd>
              {p.authors.map((a, i) => (
                <span key={a.name}>
                  {i > 0 ? ", " : ""}
                  {a.id ? <Link href={entityPath(a.id)}>{a.name}</Link> : a.name}
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {e.venue ? (
          <>
            <dt>Venue</dt>
            <dd>{e.venue}</dd>
          </>
        ) : null}
        {e.doi ? (
          <>
            <dt>DOI</dt>
            <dd>{e.doi}</dd>
          </>
        ) : null}
        {e.arxiv ? (
          <>
            <dt>arXiv</dt>
            <dd>{e.arxiv}</dd>
          </>
        ) : null}
      </dl>
      {e.tldr ? (
        <>
          <h3>TL;DR</h3>
          <p>{e.tldr}</p>
        </>
      ) : null}
      {e.takeaways.length ? (
        <>
          <h3>What to take away</h3>
          <ol>
            {e.takeaways.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ol>
        </>
      ) : null}
      <KindLists title="Extracted from this paper" groups={p.extracted} />
      <h3>Cited by ({p.citedBy.total})</h3>
      {p.citedBy.members.length ? (
        <ul className="compact">
          {p.citedBy.members.map((m) => (
            <li key={m.id}>
              <EntityLink entity={m} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No citing entity in the graph yet.</p>
      )}
    </section>
  );
}

function ThinkerSection({ data }: { data: EntityPage }) {
  const t = data.thinker;
  if (!t) return null;
  return (
    <section aria-labelledby="thinker-heading">
      <h2 id="thinker-heading">Authored papers ({t.authored.total})</h2>
      <ul className="compact">
        {t.authored.members.map((p) => (
          <li key={p.id}>
            <EntityLink entity={p} />
            {p.year !== null ? <span className="muted"> ({p.year})</span> : null}
          </li>
        ))}
      </ul>
      <KindLists title="Introduced in those papers" groups={t.introduced} />
    </section>
  );
}

function groupHref(id: string, kind: string, page: number) {
  return `${entityPath(id)}?group=${encodeURIComponent(kind)}&page=${page}#group-${kind}`;
}

function Group({ id, group }: { id: string; group: NeighbourGroup }) {
  const first = (group.page - 1) * group.pageSize + 1;
  const last = first + group.members.length - 1;
  return (
    <section className="group" id={`group-${group.kind}`} aria-labelledby={`h-${group.kind}`}>
      <h3 id={`h-${group.kind}`}>
        {group.plural} ({group.total})
      </h3>
      <MemberList
        start={first}
        members={group.members.map((m) => ({
          id: m.id,
          name: m.name,
          relations: m.relations.map((r) => r.label),
          degree: m.degree,
          description: m.description ? excerpt(m.description) : null,
        }))}
      />
      {group.pages > 1 ? (
        <nav className="pager" aria-label={`${group.plural} pages`}>
          <span className="muted">
            {first}–{last} of {group.total}
          </span>
          {group.page > 1 ? <Link href={groupHref(id, group.kind, group.page - 1)}>← previous</Link> : null}
          {group.page < group.pages ? (
            <Link href={groupHref(id, group.kind, group.page + 1)}>
              {group.page === 1 ? `show all ${group.total} →` : "next →"}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

function SimilarItem({ s, self, curation }: { s: SimilarEntity; self?: string; curation?: CurationView }) {
  return (
    <li data-entity-id={s.id}>
      <div className="member-head">
        <EntityLink entity={s} />
        <span className="kind">{s.kind}</span>
        <span className="score">{s.score.toFixed(3)}</span>
        {s.duplicateSuspected ? (
          // Queued for duplicate curation (issue 7 builds its page); until then a plain mark, not a dead link.
          <span className="relation" title="flagged by a curator; waiting for duplicate curation">
            suspected duplicate
          </span>
        ) : null}
      </div>
      {s.description ? <p>{excerpt(s.description)}</p> : null}
      {self && curation?.curator && !s.duplicateSuspected ? (
        <CandidateActions self={self} other={s.id} otherName={s.name} returnTo={curation.returnTo} />
      ) : null}
    </li>
  );
}

export function EntityView({ data, curation }: { data: EntityPage; curation?: CurationView }) {
  const id = data.entity.id;
  const visible = data.similar.members.slice(0, SIMILAR_VISIBLE);
  const more = data.similar.members.slice(SIMILAR_VISIBLE);
  return (
    <article className="entity">
      {curation ? <Notice notice={curation.notice} error={curation.error} /> : null}
      <Header data={data} />
      <PaperSection data={data} />
      <ThinkerSection data={data} />

      <section aria-labelledby="neighbourhood-heading">
        <h2 id="neighbourhood-heading">Neighborhood — ranked by edge-count</h2>
        {data.groups.length === 0 ? <p className="muted">No typed edges yet.</p> : null}
        {data.groups.map((g) => (
          <Group key={g.kind} id={id} group={g} />
        ))}
        <p className="footnote">{GROUP_ORDER_RULE}</p>
      </section>

      <NeighbourhoodGraphPanel input={graphInput(data)} />

      {data.bridges.length ? (
        <section aria-labelledby="bridges-heading">
          <h2 id="bridges-heading">Conceptual bridges</h2>
          <p className="subtitle">Two typed hops away, not directly linked; ranked by the number of such paths.</p>
          <ul className="members">
            {data.bridges.map((b) => (
              <li key={b.id}>
                <div className="member-head">
                  <EntityLink entity={b} />
                  <span className="kind">{b.kind}</span>
                  <span className="muted">
                    {b.paths} path{b.paths === 1 ? "" : "s"} · via{" "}
                    {b.via.map((v, i) => (
                      <span key={v.id}>
                        {i > 0 ? ", " : ""}
                        <EntityLink entity={v} />
                      </span>
                    ))}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="similar-heading">
        <h2 id="similar-heading">Related by similarity ({data.similar.total})</h2>
        <p className="subtitle">cosine ≥ {data.similar.threshold} · no typed edge</p>
        <p className="muted">
          Entities in the same semantic neighborhood but without a typed relation to this one — candidates for new
          edges or unrecognized duplicates.
        </p>
        {curation && !curation.curator && visible.length ? <SignInToCurate returnTo={curation.returnTo} /> : null}
        <ol className="members similar" id="similar">
          {visible.map((s) => (
            <SimilarItem key={s.id} s={s} self={id} curation={curation} />
          ))}
        </ol>
        {more.length ? (
          <details>
            <summary>Show more ({more.length})</summary>
            <ol className="members similar" start={SIMILAR_VISIBLE + 1}>
              {more.map((s) => (
                <SimilarItem key={s.id} s={s} self={id} curation={curation} />
              ))}
            </ol>
          </details>
        ) : null}
      </section>

      {data.suggested.length ? (
        <section aria-labelledby="suggested-heading">
          <h2 id="suggested-heading">Suggested links ({data.suggested.length})</h2>
          <p className="subtitle">ranked for this entity · no typed edge</p>
          <p className="muted">
            Further candidates from this entity&apos;s ranked list: text similarity, names found in each other&apos;s text,
            shared typed neighbours and the links of entities with similar text, weighted as this graph&apos;s own edges showed
            them to predict links.
          </p>
          <ol className="members similar" id="suggested">
            {data.suggested.map((s) => (
              <li key={s.id} data-entity-id={s.id}>
                <div className="member-head">
                  <EntityLink entity={s} />
                  <span className="kind">{s.kind}</span>
                  <span className="score" title="fused score">{formatScore(s.score)}</span>
                </div>
                <p className="why muted">{s.why}</p>
                {curation?.curator ? <CandidateActions self={id} other={s.id} otherName={s.name} returnTo={curation.returnTo} /> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {data.restatedBy.members.length ? (
        <section aria-labelledby="restated-heading">
          <h2 id="restated-heading">Restated by ({data.restatedBy.members.length})</h2>
          <p className="subtitle">cosine ≥ {data.restatedBy.threshold}</p>
          <p className="muted">Other entities that say roughly the same thing: merge candidates or independent restatements.</p>
          <ol className="members similar">
            {data.restatedBy.members.map((s) => (
              <SimilarItem key={s.id} s={s} />
            ))}
          </ol>
        </section>
      ) : null}
    </article>
  );
}
