// 404: no entity (or page) here; offer a search instead.
import Link from "next/link";
import { SearchBox } from "@/app/components/SearchBox";

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>There is no entity or page at this address. Search for it instead:</p>
      <SearchBox autoFocus />
      <p>
        <Link href="/">Back to the home page</Link>
      </p>
    </>
  );
}
