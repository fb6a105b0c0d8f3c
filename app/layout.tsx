// Root layout: page chrome shared by every route.
import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";
import { viewer } from "@/app/auth/request";
import { signOutAction } from "@/app/curation/actions";

export const metadata: Metadata = {
  title: { default: "Interp Atlas", template: "%s · Interp Atlas" },
  description: "A knowledge-graph browser for interpretability research.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const curator = await viewer();
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            Interp Atlas
          </Link>
          <nav aria-label="Main" className="main-nav">
            <Link href="/search">Search</Link>
            <Link href="/graph">Graph explorer</Link>
            <Link href="/candidates">Candidates</Link>
            <Link href="/duplicates">Duplicates</Link>
            <Link href="/activity">Activity</Link>
          </nav>
          <div className="session">
            {curator ? (
              <form action={signOutAction} className="inline-form">
                <span className="muted">Signed in as {curator.name}</span> <button type="submit">Sign out</button>
              </form>
            ) : (
              <Link href="/signin">Sign in</Link>
            )}
          </div>
        </header>
        <main className="content">{children}</main>
      </body>
    </html>
  );
}
