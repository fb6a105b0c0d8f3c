// The duplicate-curation controls of one pair on /duplicates/compare: merge
// into either side (the curator picks the survivor) and "Not the same". Plain
// forms posting to server actions, so they work without client JavaScript;
// each render carries a fresh operation id, so a resubmitted form applies once.
import { randomUUID } from "node:crypto";
import { mergeAction, notSameAction } from "@/app/curation/actions";
import { Hidden } from "./CurationForms";

interface Side {
  id: string;
  name: string;
}

export function DuplicateActions({ a, b, returnTo }: { a: Side; b: Side; returnTo: string }) {
  return (
    <div className="curate duplicate-actions" data-pair={`${a.id} ${b.id}`}>
      {([["A", a, b], ["B", b, a]] as const).map(([label, survivor, loser]) => (
        <form key={label} action={mergeAction}>
          <Hidden values={{ survivor: survivor.id, loser: loser.id, returnTo, opId: randomUUID() }} />
          <button type="submit" title={`${loser.name} becomes a redirect to ${survivor.name}`}>
            Merge into {label} ({survivor.name})
          </button>
        </form>
      ))}
      <form action={notSameAction}>
        <Hidden values={{ a: a.id, b: b.id, returnTo, opId: randomUUID() }} />
        <button type="submit" title="Record that these are different: the pair will not be proposed again">
          Not the same
        </button>
      </form>
    </div>
  );
}
