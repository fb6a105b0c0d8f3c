"use server";
// Server actions behind the curation forms (the /candidates queue, the entity
// page's similarity list, /activity) and sign-in/out. They work without client
// JavaScript: a plain form POST, then a redirect back to the page with a
// notice or an error. Each checks the Origin, then hands the session token to
// lib/, which authorizes the write inside its own transaction.
import { redirect } from "next/navigation";
import { isCurationError } from "@/lib/auth/errors";
import { signIn, signOut } from "@/lib/auth/sessions";
import { acceptCandidate, dismissCandidate, markDuplicate, undoOperation, type CurationResult } from "@/lib/curation/write";
import { markNotSame, mergeEntities } from "@/lib/duplicates/merge";
import { isDatabaseUnavailable } from "@/lib/neo4j/errors";
import { actionOrigin, clearSessionCookie, safeReturnPath, sessionToken, setSessionCookie, withParam } from "@/app/auth/request";

const field = (form: FormData, key: string): string | undefined => {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
};

function describe(result: CurationResult): string {
  if (result.replayed) return "Already done (this exact request was applied before).";
  switch (result.action) {
    case "accept":
      return `Edge added: ${result.edge?.source} ${result.edge?.relation} ${result.edge?.target}.`;
    case "dismiss":
      return "Dismissed: the pair is recorded as not related.";
    case "duplicate-suspected":
      return "Marked as a suspected duplicate.";
    case "merge": {
      const m = result.merge;
      if (!m) return "Merged.";
      return `Merged ${m.loser.name} into ${m.survivor.name}: ${m.repointed} typed edge${m.repointed === 1 ? "" : "s"} moved, ${m.dropped} dropped as duplicates or self-loops; ${m.loser.id} now redirects to ${m.survivor.id}.`;
    }
    case "not-same":
      return "Recorded as not the same: the pair will not be proposed as duplicates again.";
    default:
      return `Undone (${result.undid?.action}).`;
  }
}

/** Runs one write for a form and redirects back with its outcome (redirect stays outside try/catch: it throws). */
async function run(form: FormData, write: (token: string | null) => Promise<CurationResult>): Promise<never> {
  const back = safeReturnPath(field(form, "returnTo"));
  const origin = await actionOrigin();
  let target: string;
  if (!origin.ok) {
    target = withParam(back, "error", `Refused: ${origin.reason}.`);
  } else {
    try {
      target = withParam(back, "notice", describe(await write(await sessionToken())));
    } catch (err) {
      if (isCurationError(err)) target = withParam(back, "error", err.message);
      else if (isDatabaseUnavailable(err)) target = withParam(back, "error", "The database is unavailable; nothing was changed. Try again shortly.");
      else throw err;
    }
  }
  redirect(target);
}

/** Form fields: this, other, direction (out: this → other; in: other → this), relation, note, opId. */
export async function acceptAction(form: FormData): Promise<void> {
  const self = field(form, "this") ?? "";
  const other = field(form, "other") ?? "";
  const out = field(form, "direction") !== "in";
  await run(form, (token) =>
    acceptCandidate(
      { token },
      {
        opId: field(form, "opId") ?? "",
        source: out ? self : other,
        target: out ? other : self,
        relation: field(form, "relation") ?? "",
        note: field(form, "note"),
      },
    ),
  );
}

export async function dismissAction(form: FormData): Promise<void> {
  await run(form, (token) => dismissCandidate({ token }, { opId: field(form, "opId") ?? "", a: field(form, "a") ?? "", b: field(form, "b") ?? "" }));
}

export async function duplicateAction(form: FormData): Promise<void> {
  await run(form, (token) => markDuplicate({ token }, { opId: field(form, "opId") ?? "", a: field(form, "a") ?? "", b: field(form, "b") ?? "" }));
}

/** Form fields: survivor, loser, opId. */
export async function mergeAction(form: FormData): Promise<void> {
  await run(form, (token) => mergeEntities({ token }, { opId: field(form, "opId") ?? "", survivor: field(form, "survivor") ?? "", loser: field(form, "loser") ?? "" }));
}

export async function notSameAction(form: FormData): Promise<void> {
  await run(form, (token) => markNotSame({ token }, { opId: field(form, "opId") ?? "", a: field(form, "a") ?? "", b: field(form, "b") ?? "" }));
}

export async function undoAction(form: FormData): Promise<void> {
  await run(form, (token) => undoOperation({ token }, { opId: field(form, "opId") ?? "", target: field(form, "target") ?? "" }));
}

export async function signInAction(form: FormData): Promise<void> {
  const next = safeReturnPath(field(form, "next"), "/candidates");
  const origin = await actionOrigin();
  let target: string;
  if (!origin.ok) {
    target = withParam(`/signin?next=${encodeURIComponent(next)}`, "error", `Refused: ${origin.reason}.`);
  } else {
    try {
      const session = await signIn(field(form, "name") ?? "", field(form, "password") ?? "");
      await setSessionCookie(session.token, session.expiresAt);
      target = next;
    } catch (err) {
      if (!isCurationError(err) && !isDatabaseUnavailable(err)) throw err;
      const message = isCurationError(err) ? err.message : "The database is unavailable; try again shortly.";
      target = withParam(`/signin?next=${encodeURIComponent(next)}`, "error", message);
    }
  }
  redirect(target);
}

export async function signOutAction(form: FormData): Promise<void> {
  const origin = await actionOrigin();
  if (origin.ok) {
    await signOut(await sessionToken());
    await clearSessionCookie();
  }
  redirect(origin.ok ? "/" : withParam(safeReturnPath(field(form, "returnTo")), "error", `Refused: ${origin.reason}.`));
}
