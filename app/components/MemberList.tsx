"use client";
// A group's ranked members. Rendered on the server like the rest of the page
// (it reads without JavaScript); it is a client component only so that its
// data crosses to the browser once, as compact props, instead of as a React
// element tree: a hub's page lists up to 240 members, and the element tree
// was most of the page's weight and of its server time.
import { entityPath } from "@/lib/paths";

export interface MemberRow {
  id: string;
  name: string;
  /** Relation labels, e.g. "extends → this". */
  relations: string[];
  degree: number;
  description: string | null;
}

export function MemberList({ start, members }: { start: number; members: MemberRow[] }) {
  return (
    <ol className="members" start={start}>
      {members.map((m) => (
        <li key={m.id} data-entity-id={m.id}>
          <div className="member-head">
            <a href={entityPath(m.id)}>{m.name}</a>
            {m.relations.map((label) => (
              <span key={label} className="relation">
                {label}
              </span>
            ))}
            <span className="edge-count">{`${m.degree} edge${m.degree === 1 ? "" : "s"}`}</span>
          </div>
          {m.description ? <p>{m.description}</p> : null}
        </li>
      ))}
    </ol>
  );
}
