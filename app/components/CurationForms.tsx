// The curation controls of one candidate pair (Add edge, Dismiss, Duplicate?)
// and of one audit entry (Undo): plain forms posting to server actions, so
// they work without client JavaScript. Each render carries a fresh operation
// id, so submitting the same form twice applies once.
import { randomUUID } from "node:crypto";
import Link from "next/link";
import { loadVocabulary } from "@/lib/vocabulary";
import { acceptAction, dismissAction, duplicateAction, undoAction } from "@/app/curation/actions";

export function Hidden({ values }: { values: Record<string, string> }) {
  return (
    <>
      {Object.entries(values).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
    </>
  );
}

/** `self` is the entity the page is about (or the pair's first member on /candidates). */
export function CandidateActions({ self, other, otherName, returnTo }: { self: string; other: string; otherName: string; returnTo: string }) {
  const vocab = loadVocabulary();
  return (
    <div className="curate" data-pair={`${self} ${other}`}>
      <form action={acceptAction} className="curate-accept">
        <Hidden values={{ this: self, other, returnTo, opId: randomUUID() }} />
        <label>
          Relation{" "}
          <select name="relation" defaultValue="related_to" aria-label={`Relation to ${otherName}`}>
            {vocab.relations.map((r) => (
              <option key={r.key} value={r.key}>
                {r.forward}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          Direction{" "}
          <select name="direction" defaultValue="out" aria-label={`Direction of the edge to ${otherName}`}>
            <option value="out">this → {otherName}</option>
            <option value="in">{otherName} → this</option>
          </select>
        </label>{" "}
        <input name="note" placeholder="note (optional)" maxLength={2000} aria-label={`Note on the edge to ${otherName}`} />{" "}
        <button type="submit">Add edge</button>
      </form>
      <form action={dismissAction}>
        <Hidden values={{ a: self, b: other, returnTo, opId: randomUUID() }} />
        <button type="submit" title="Record as not related: the pair will not come back">
          Dismiss
        </button>
      </form>
      <form action={duplicateAction}>
        <Hidden values={{ a: self, b: other, returnTo, opId: randomUUID() }} />
        <button type="submit" title="Hand the pair to duplicate curation">
          Duplicate?
        </button>
      </form>
    </div>
  );
}

export function UndoButton({ target, returnTo }: { target: string; returnTo: string }) {
  return (
    <form action={undoAction} className="inline-form">
      <Hidden values={{ target, returnTo, opId: randomUUID() }} />
      <button type="submit">Undo</button>
    </form>
  );
}

export function SignInToCurate({ returnTo }: { returnTo: string }) {
  return (
    <p className="muted">
      <Link href={`/signin?next=${encodeURIComponent(returnTo)}`}>Sign in</Link> to add edges, dismiss or flag duplicates.
    </p>
  );
}

/** The outcome of the last action (?notice= / ?error=), rendered as text: never markup. */
export function Notice({ notice, error }: { notice?: string; error?: string }) {
  if (error) return <p className="notice notice-error" role="alert">{error}</p>;
  if (notice) return <p className="notice" role="status">{notice}</p>;
  return null;
}
