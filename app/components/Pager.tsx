// "page N of M" with previous/next links, for the paged lists (candidates,
// duplicates, activity). Renders nothing when everything fits on one page.
import Link from "next/link";

export function Pager(props: {
  label: string;
  page: number;
  pages: number;
  href: (page: number) => string;
  previous?: string;
  next?: string;
}) {
  const { label, page, pages, href } = props;
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <span className="muted">
        page {page} of {pages}
      </span>
      {page > 1 ? <Link href={href(page - 1)}>{props.previous ?? "← previous"}</Link> : null}
      {page < pages ? <Link href={href(page + 1)}>{props.next ?? "next →"}</Link> : null}
    </nav>
  );
}
