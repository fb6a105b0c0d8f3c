// /duplicates: the queue of candidate duplicate pairs (lib/duplicates), best
// first, with the reasons for each, a kind filter and paging. Each pair links
// to both entities and to the side-by-side compare view. Reads without
// client JavaScript.
import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/app/components/Pager";
import { DuplicateQuerySchema, listDuplicates } from "@/lib/duplicates/queue";
import { firstValue } from "@/lib/entities/params";
import { entityPath } from "@/lib/paths";
import { excerpt } from "@/lib/text";
import { loadVocabulary } from "@/lib/vocabulary";
import { Notice } from "@/app/components/CurationForms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Duplicates" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DuplicatesPage({ searchParams }: Props) {
  const raw = await searchParams;
  const values = Object.fromEntries(["kind", "minScore", "page"].map((k) => [k, firstValue(raw[k]) || undefined]));
  const parsed = DuplicateQuerySchema.safeParse(values);
  const data = await listDuplicates(parsed.success ? parsed.data : { page: 1 });
  const vocab = loadVocabulary();
  const kept = Object.entries(parsed.success ? values : {}).filter(([k, v]) => v !== undefined && k !== "page") as [string, string][];
  const pageHref = (p: number) => `/duplicates?${new URLSearchParams([...kept, ["page", String(p)]])}`;
  return (
    <article className="duplicates">
      <h1>Duplicates ({data.total})</h1>
      <p className="subtitle">
        Pairs of entities that may be the same thing, best first (score ≥ {data.filters.minScore}), from their names and aliases,
        the cosine of their descriptions and the typed neighbours they share. Pairs a curator called not the same, and merged
        entities, never come back.
      </p>
      <Notice notice={firstValue(raw.notice)} error={firstValue(raw.error) ?? (parsed.success ? undefined : "Invalid filter; showing everything.")} />
      <form method="get" className="filters">
        <label>
          Kind{" "}
          <select name="kind" defaultValue={data.filters.kind ?? ""}>
            <option value="">any</option>
            {vocab.kinds.map((k) => (
              <option key={k.key} value={k.key}>
                {k.label}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          min score <input name="minScore" type="number" step="0.01" min="0" max="1" defaultValue={data.filters.minScore} />
        </label>{" "}
        <button type="submit">Filter</button>
      </form>
      {data.candidates.length === 0 ? <p className="muted">No candidate duplicates match.</p> : null}
      <ol className="members duplicate-list" start={(data.page - 1) * data.pageSize + 1}>
        {data.candidates.map((c) => (
          <li key={`${c.a.id}|${c.b.id}`} data-pair={`${c.a.id}|${c.b.id}`}>
            <div className="member-head">
              <Link href={entityPath(c.a.id)}>{c.a.name}</Link> <span className="kind">{c.a.kind}</span> ↔{" "}
              <Link href={entityPath(c.b.id)}>{c.b.name}</Link> <span className="kind">{c.b.kind}</span>
              <span className="score" title="duplicate score">{c.score.toFixed(2)}</span>
            </div>
            <p className="reasons">{c.explanation}</p>
            <p className="muted">
              {c.a.aliases.length ? `${c.a.name}: also ${c.a.aliases.join(", ")}. ` : ""}
              {c.b.aliases.length ? `${c.b.name}: also ${c.b.aliases.join(", ")}.` : ""}
            </p>
            {c.a.description ? <p>{excerpt(c.a.description)}</p> : null}
            {c.b.description ? <p>{excerpt(c.b.description)}</p> : null}
            <p>
              <Link href={c.compare} className="compare">
                Compare side by side
              </Link>
            </p>
          </li>
        ))}
      </ol>
      <Pager label="Duplicate pages" page={data.page} pages={data.pages} href={pageHref} />
    </article>
  );
}
