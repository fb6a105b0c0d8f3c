// Root layout: page chrome shared by every route.
import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Interp Atlas", template: "%s · Interp Atlas" },
  description: "A knowledge-graph browser for interpretability research.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
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
          </nav>
        </header>
        <main className="content">{children}</main>
      </body>
    </html>
  );
}
