// The entity page: a thin server component over lib/entities. A merged
// entity's URL redirects to its survivor, whose page then says so (?from=).
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { mergedInto, resolveRedirect } from "@/lib/duplicates/redirects";
import { getEntityPage } from "@/lib/entities/query";
import { decodeEntityId, EntityIdSchema, firstValue, NeighbourhoodQuerySchema } from "@/lib/entities/params";
import { EntityView } from "@/app/components/EntityView";
import { viewer } from "@/app/auth/request";
import { entityPath } from "@/lib/paths";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: decodeEntityId(id) };
}

export default async function EntityPage({ params, searchParams }: Props) {
  const [{ id: raw }, query] = await Promise.all([params, searchParams]);
  const id = EntityIdSchema.safeParse(decodeEntityId(raw));
  if (!id.success) notFound();
  const paging = NeighbourhoodQuerySchema.safeParse({ group: firstValue(query.group), page: firstValue(query.page) });
  const [data, curator] = await Promise.all([getEntityPage(id.data, paging.success ? paging.data : {}), viewer()]);
  if (!data) notFound();
  if (data.entity.status === "merged") {
    const target = await resolveRedirect(id.data);
    // Temporary (307): an undone merge brings the old page back.
    if (target) redirect(`${entityPath(target.to)}?from=${encodeURIComponent(id.data)}`);
  }
  const from = firstValue(query.from);
  const merged = from && EntityIdSchema.safeParse(from).success ? await mergedInto(from, id.data) : null;
  // After a curation action the page comes back here, at its similarity list.
  const paged = paging.success && paging.data.group ? `?group=${paging.data.group}&page=${paging.data.page ?? 1}` : "";
  const curation = {
    curator,
    returnTo: `${entityPath(id.data)}${paged}#similar-heading`,
    notice: firstValue(query.notice),
    error: firstValue(query.error),
  };
  return (
    <>
      {merged ? (
        <p className="notice redirect-notice" role="status">
          {merged.name} was merged into this entity{merged.at ? ` on ${merged.at.slice(0, 10)}` : ""}; <code>{merged.id}</code> redirects here.
        </p>
      ) : null}
      <EntityView data={data} curation={curation} />
    </>
  );
}
