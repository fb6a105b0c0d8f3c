"use client";
import dynamic from "next/dynamic";

const BareSigma = dynamic(() => import("./BareSigma"), { ssr: false });

export function BarePanel({ query }: { query: string }) {
  return <BareSigma query={query} />;
}
