// /signin: the curator sign-in form (a server action; works without JavaScript).
import type { Metadata } from "next";
import { signInAction } from "@/app/curation/actions";
import { Notice } from "@/app/components/CurationForms";
import { safeReturnPath, viewer } from "@/app/auth/request";
import { firstValue } from "@/lib/entities/params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const query = await searchParams;
  const next = safeReturnPath(firstValue(query.next), "/candidates");
  const current = await viewer();
  return (
    <article className="signin">
      <h1>Sign in</h1>
      <p className="muted">Reading is open; adding edges, dismissing candidates and undoing need a curator account.</p>
      {current ? <p>You are signed in as {current.name}.</p> : null}
      <Notice error={firstValue(query.error)} />
      <form action={signInAction} className="signin-form">
        <input type="hidden" name="next" value={next} />
        <label>
          Name <input name="name" autoComplete="username" required maxLength={64} />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </article>
  );
}
