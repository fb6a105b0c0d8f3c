// /activity: the audit log of curation (lib/curation/activity.ts), filterable
// by curator, action and entity; the last action on a pair can be undone here.
import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/app/components/Pager";
import { ACTIONS } from "@/lib/curation/schemas";
import { ActivityQuerySchema, listActivity, type ActivityEntry } from "@/lib/curation/activity";
import { firstValue } from "@/lib/entities/params";
import { entityPath } from "@/lib/paths";
import { loadVocabulary } from "@/lib/vocabulary";
import { viewer } from "@/app/auth/request";
import { Notice, UndoButton } from "@/app/components/CurationForms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Activity" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function What({ e }: { e: ActivityEntry }) {
  const a = <Link href={entityPath(e.a.id)}>{e.a.name ?? e.a.id}</Link>;
  const b = <Link href={entityPath(e.b.id)}>{e.b.name ?? e.b.id}</Link>;
  if (e.action === "accept") {
    const edge = (e.after as { edge?: { source: string; target: string } } | null)?.edge;
    const forward = loadVocabulary().relationByKey.get(e.relation ?? "")?.forward ?? e.relation;
    const [from, to] = edge?.source === e.b.id ? [b, a] : [a, b];
    return (
      <>
        added {from} <span className="relation">{forward}</span> {to}
      </>
    );
  }
  if (e.action === "dismiss") return <>dismissed {a} ↔ {b} as not related</>;
  if (e.action === "duplicate-suspected") {
    return (
      <>
        flagged {a} ↔ {b} as a suspected duplicate, for duplicate curation
      </>
    );
  }
  if (e.action === "merge") {
    const m = (e.after as { survivor?: string; summary?: { repointed: number; dropped: number; redirects: number } } | null) ?? {};
    const [loser, survivor] = m.survivor === e.a.id ? [b, a] : [a, b];
    return (
      <>
        merged {loser} into {survivor}
        {m.summary ? (
          <span className="muted">
            {" "}
            ({m.summary.repointed} edge{m.summary.repointed === 1 ? "" : "s"} moved, {m.summary.dropped} dropped
            {m.summary.redirects ? `, ${m.summary.redirects} earlier redirect${m.summary.redirects === 1 ? "" : "s"} followed` : ""})
          </span>
        ) : null}{" "}
        <Link href={`/duplicates/compare?${new URLSearchParams({ a: e.a.id, b: e.b.id })}`}>compare</Link>
      </>
    );
  }
  if (e.action === "not-same") return <>recorded {a} and {b} as not the same</>;
  const undone = e.undoes ? undoneAction(e) : null;
  return <>undid {undone ? `the ${undone} of` : <>operation <code>{e.undoes}</code> on</>} {a} ↔ {b}</>;
}

/** What an undo undid, from its stored result ("merge", "not-same", …). */
function undoneAction(e: ActivityEntry): string | null {
  const before = e.before as { sameness?: string; edge?: unknown; decision?: string } | null;
  if (before?.sameness === "merged") return "merge";
  if (before?.sameness === "different") return "\"not the same\"";
  return null;
}

export default async function ActivityPage({ searchParams }: Props) {
  const raw = await searchParams;
  const values = Object.fromEntries(["curator", "action", "entity", "page"].map((k) => [k, firstValue(raw[k]) || undefined]));
  const parsed = ActivityQuerySchema.safeParse(values);
  const [data, curator] = await Promise.all([listActivity(parsed.success ? parsed.data : {}), viewer()]);
  const filters = Object.entries(values).filter(([k, v]) => v !== undefined && k !== "page") as [string, string][];
  const here = `/activity${filters.length ? `?${new URLSearchParams(filters)}` : ""}`;
  return (
    <article className="activity">
      <h1>Activity ({data.total})</h1>
      <p className="subtitle">Every curation write, newest first. The last action on a pair can be undone; the undo is logged too.</p>
      <Notice notice={firstValue(raw.notice)} error={firstValue(raw.error) ?? (parsed.success ? undefined : "Invalid filter; showing everything.")} />
      <form method="get" className="filters">
        <label>
          Curator <input name="curator" defaultValue={data.filters.curator ?? ""} maxLength={64} />
        </label>{" "}
        <label>
          Action{" "}
          <select name="action" defaultValue={data.filters.action ?? ""}>
            <option value="">any</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          Entity id <input name="entity" defaultValue={data.filters.entity ?? ""} placeholder="kind:slug" />
        </label>{" "}
        <button type="submit">Filter</button>
      </form>
      <ol className="members audit-log">
        {data.entries.map((e) => (
          <li key={e.opId} data-op={e.opId} data-action={e.action}>
            <div className="member-head">
              <span className="muted">{e.at.slice(0, 19).replace("T", " ")}</span> <strong>{e.curator}</strong> <What e={e} />
              {e.undoneBy ? <span className="muted"> (undone)</span> : null}
              {e.undoable && curator ? <UndoButton target={e.opId} returnTo={here} /> : null}
            </div>
            {e.note ? <p className="note">Note: {e.note}</p> : null}
          </li>
        ))}
      </ol>
      {data.entries.length === 0 ? <p className="muted">Nothing recorded yet.</p> : null}
      <Pager
        label="Activity pages"
        page={data.page}
        pages={data.pages}
        href={(p) => `/activity?${new URLSearchParams([...filters, ["page", String(p)]])}`}
        previous="← newer"
        next="older →"
      />
    </article>
  );
}
