// /duplicates/compare?a=<id>&b=<id>: a suspected duplicate pair side by side
// (lib/duplicates/compare.ts), with shared neighbours marked and listed first,
// and for curators: merge into either side, "Not the same", and Undo of what
// was just recorded on the pair.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDuplicatePair, type CompareSide } from "@/lib/duplicates/compare";
import { SAMENESS_DIFFERENT, SAMENESS_MERGED } from "@/lib/duplicates/types";
import { EntityIdSchema, firstValue } from "@/lib/entities/params";
import { entityPath } from "@/lib/paths";
import { viewer } from "@/app/auth/request";
import { Notice, SignInToCurate, UndoButton } from "@/app/components/CurationForms";
import { DuplicateActions } from "@/app/components/DuplicateForms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Compare duplicates" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function Side({ label, s }: { label: string; s: CompareSide }) {
  return (
    <section className={`compare-side${s.status === "merged" ? " compare-merged" : ""}`} data-side={label} data-id={s.id}>
      <p className="badges">
        <strong>{label}</strong> <span className="kind">{s.kindLabel}</span> <span className={`status status-${s.status}`}>{s.status}</span>{" "}
        <code className="entity-id">{s.id}</code>
      </p>
      <h2>
        <Link href={entityPath(s.id)}>{s.name}</Link>
      </h2>
      {s.status === "merged" && s.mergedInto ? (
        <p className="muted">
          Merged into <Link href={entityPath(s.mergedInto)}>{s.mergedInto}</Link>; this id redirects there.
        </p>
      ) : null}
      <dl className="facts">
        <dt>Also known as</dt>
        <dd>{s.aliases.length ? s.aliases.join(" · ") : <span className="muted">—</span>}</dd>
        <dt>Description</dt>
        <dd>{s.description ?? <span className="muted">—</span>}</dd>
        <dt>Year</dt>
        <dd>{s.year ?? <span className="muted">—</span>}</dd>
        <dt>Link</dt>
        <dd>{s.url ? <a href={s.url}>{s.url}</a> : <span className="muted">—</span>}</dd>
      </dl>
      <h3>
        Typed neighbours ({s.degree}
        {s.neighbours.length < s.neighboursTotal ? `, first ${s.neighbours.length} shown` : ""})
      </h3>
      <ul className="compact compare-neighbours">
        {s.neighbours.map((n) => (
          <li key={n.id} className={n.shared ? "shared" : undefined} data-shared={n.shared ? "yes" : "no"}>
            {n.shared ? <span className="shared-mark" title="a neighbour of both">shared</span> : null}{" "}
            <span className="relation">{n.relations.join(", ")}</span> <Link href={entityPath(n.id)}>{n.name}</Link>{" "}
            <span className="kind">{n.kind}</span>
          </li>
        ))}
      </ul>
      {s.neighbours.length === 0 ? <p className="muted">No typed neighbours.</p> : null}
    </section>
  );
}

export default async function ComparePage({ searchParams }: Props) {
  const raw = await searchParams;
  const a = EntityIdSchema.safeParse(firstValue(raw.a));
  const b = EntityIdSchema.safeParse(firstValue(raw.b));
  if (!a.success || !b.success || a.data === b.data) notFound();
  const [pair, curator] = await Promise.all([getDuplicatePair(a.data, b.data), viewer()]);
  if (!pair) notFound();
  const here = `/duplicates/compare?${new URLSearchParams({ a: a.data, b: b.data })}`;
  const d = pair.decision;
  const settled = d?.sameness === SAMENESS_MERGED || d?.sameness === SAMENESS_DIFFERENT;
  const survivor = pair.a.status === "merged" ? pair.b : pair.a;
  const loser = survivor === pair.a ? pair.b : pair.a;
  return (
    <article className="compare">
      <p className="muted">
        <Link href="/duplicates">← Suspected duplicates</Link>
      </p>
      <h1>
        Compare: {pair.a.name} ↔ {pair.b.name}
      </h1>
      <p className="subtitle">
        {pair.cosine !== null ? <>description cosine {pair.cosine.toFixed(3)} · </> : null}
        {pair.sharedTotal} shared neighbour{pair.sharedTotal === 1 ? "" : "s"}
        {pair.shared.length ? `: ${pair.shared.slice(0, 5).map((s) => s.name).join(", ")}` : ""}
        {pair.between.length ? ` · linked: ${pair.between.join("; ")}` : ""}
      </p>
      <Notice notice={firstValue(raw.notice)} error={firstValue(raw.error)} />
      {d?.sameness === SAMENESS_MERGED ? (
        <p className="notice merged-confirmation" role="status">
          {loser.name} was merged into <Link href={entityPath(survivor.id)}>{survivor.name}</Link> by {d.by}
          {d.at ? ` on ${d.at.slice(0, 10)}` : ""}; <code>{loser.id}</code> redirects there.
          {curator && d.lastOp ? <UndoButton target={d.lastOp} returnTo={here} /> : null}
        </p>
      ) : null}
      {d?.sameness === SAMENESS_DIFFERENT ? (
        <p className="notice" role="status">
          Recorded as not the same by {d.by}
          {d.at ? ` on ${d.at.slice(0, 10)}` : ""}.{curator && d.lastOp ? <UndoButton target={d.lastOp} returnTo={here} /> : null}
        </p>
      ) : null}
      {!settled && curator ? (
        pair.refusal ? <p className="notice notice-error">{pair.refusal}</p> : <DuplicateActions a={pair.a} b={pair.b} returnTo={here} />
      ) : null}
      {!settled && !curator ? <SignInToCurate returnTo={here} /> : null}
      <div className="compare-grid">
        <Side label="A" s={pair.a} />
        <Side label="B" s={pair.b} />
      </div>
    </article>
  );
}
