// A bare sigma page for `npm run bench:graph`: the same /api/graph data and
// positions as the explorer, rendered by sigma with its defaults only.
import { BarePanel } from "@/app/components/explorer/BarePanel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Bare sigma (benchmark baseline)" };

export default async function BarePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const raw = await searchParams;
  const query = new URLSearchParams(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string")).toString();
  return <BarePanel query={query} />;
}
