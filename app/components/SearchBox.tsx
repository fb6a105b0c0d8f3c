// A plain GET form to /search: works without JavaScript.
export function SearchBox({ defaultValue = "", autoFocus = false }: { defaultValue?: string; autoFocus?: boolean }) {
  return (
    <form action="/search" method="get" role="search" className="search">
      <label htmlFor="search-q" className="visually-hidden">
        Search entities
      </label>
      <input
        id="search-q"
        type="search"
        name="q"
        defaultValue={defaultValue}
        placeholder="Search names, aliases and descriptions…"
        autoFocus={autoFocus}
      />
      <button type="submit">Search</button>
    </form>
  );
}
