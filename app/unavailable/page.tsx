// Shown (with status 503) while the database cannot be reached.
export const metadata = { title: "Database unavailable" };

export default function Unavailable() {
  return (
    <>
      <h1>The database is unavailable</h1>
      <p>
        Interp Atlas cannot reach its Neo4j database right now, so this page cannot be shown. Nothing is lost: the page
        comes back by itself as soon as the database answers again — reload in a few seconds.
      </p>
      <p className="muted">
        Running it yourself? Start the local database with <code>npm run db:start</code>, or check <code>NEO4J_URI</code>
        . <a href="/api/health">/api/health</a> says what is down.
      </p>
    </>
  );
}
