// /candidates: the triage queue of candidate new edges (lib/candidates/queue.ts):
// every entity's ranked candidates together, best fused score first, each with
// the signals that put it there; filterable by kind pair, minimum score and
// minimum cosine, paged, with the curation forms.
import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/app/components/Pager";
import { CandidateQuerySchema, listCandidates } from "@/lib/candidates/queue";
import { firstValue } from "@/lib/entities/params";
import { entityPath } from "@/lib/paths";
import { excerpt } from "@/lib/text";
import { formatScore } from "@/lib/candidates/explain";
import { loadVocabulary } from "@/lib/vocabulary";
import { viewer } from "@/app/auth/request";
import { CandidateActions, Notice, SignInToCurate } from "@/app/components/CurationForms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Candidate edges" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function KindSelect({ name, value, kinds }: { name: string; value: string | null | undefined; kinds: { key: string; label: string }[] }) {
  return (
    <select name={name} defaultValue={value ?? ""}>
      <option value="">any</option>
      {kinds.map((k) => (
        <option key={k.key} value={k.key}>
          {k.label}
        </option>
      ))}
    </select>
  );
}

export default async function CandidatesPage({ searchParams }: Props) {
  const raw = await searchParams;
  const values = Object.fromEntries(
    ["kindA", "kindB", "minScore", "minCosine", "page"].map((k) => [k, firstValue(raw[k]) || undefined]),
  );
  const parsed = CandidateQuerySchema.safeParse(values);
  const query = parsed.success ? parsed.data : { page: 1 };
  const [data, curator] = await Promise.all([listCandidates(query), viewer()]);
  const vocab = loadVocabulary();
  const params = new URLSearchParams(Object.entries(values).filter(([k, v]) => v !== undefined && k !== "page") as [string, string][]);
  const here = `/candidates?${new URLSearchParams({ ...Object.fromEntries(params), page: String(data.page) })}`;
  const pageHref = (p: number) => `/candidates?${new URLSearchParams({ ...Object.fromEntries(params), page: String(p) })}`;
  return (
    <article className="candidates">
      <h1>Candidate edges ({data.total})</h1>
      <p className="subtitle">
        Pairs with no typed edge and no decision yet, from every entity&apos;s ranked candidates, best first. The score fuses
        text similarity, names mentioned in the other&apos;s text, shared typed neighbours and links of similar entities, weighted
        as this graph&apos;s own typed edges showed them to predict links. Move the filters to narrow the queue.
      </p>
      <Notice notice={firstValue(raw.notice)} error={firstValue(raw.error) ?? (parsed.success ? undefined : "Invalid filter; showing everything.")} />
      <form method="get" className="filters">
        <label>
          Kind{" "}
          <KindSelect name="kindA" value={data.filters.kindA} kinds={vocab.kinds} />
        </label>{" "}
        <label>
          with{" "}
          <KindSelect name="kindB" value={data.filters.kindB} kinds={vocab.kinds} />
        </label>{" "}
        <label>
          min score <input name="minScore" type="number" step="0.01" min="0" max="1" defaultValue={data.filters.minScore} />
        </label>{" "}
        <label>
          min cosine <input name="minCosine" type="number" step="0.01" min="0" max="1" defaultValue={data.filters.minCosine} />
        </label>{" "}
        <button type="submit">Filter</button>
      </form>
      {curator ? null : <SignInToCurate returnTo={here} />}
      {data.candidates.length === 0 ? <p className="muted">No open candidates match.</p> : null}
      <ol className="members candidate-list" start={(data.page - 1) * data.pageSize + 1}>
        {data.candidates.map((c) => (
          <li key={`${c.a.id}|${c.b.id}`} data-pair={`${c.a.id}|${c.b.id}`}>
            <div className="member-head">
              <Link href={entityPath(c.a.id)}>{c.a.name}</Link> <span className="kind">{c.a.kind}</span> ↔{" "}
              <Link href={entityPath(c.b.id)}>{c.b.name}</Link> <span className="kind">{c.b.kind}</span>
              <span className="score" title="fused score: how likely a link, as this graph's own edges calibrate it">{formatScore(c.score)}</span>
            </div>
            <p className="why muted" title={`rank ${c.rankA ?? "–"} in ${c.a.name}'s list, ${c.rankB ?? "–"} in ${c.b.name}'s; Adamic–Adar ${c.adamicAdar.toFixed(2)}`}>
              {c.why}
            </p>
            {c.a.description ? <p>{excerpt(c.a.description)}</p> : null}
            {curator ? <CandidateActions self={c.a.id} other={c.b.id} otherName={c.b.name} returnTo={here} /> : null}
          </li>
        ))}
      </ol>
      <Pager label="Candidate pages" page={data.page} pages={data.pages} href={pageHref} />
    </article>
  );
}
