"use client";
// Error boundary: a failure while rendering (e.g. the database went away mid-request).
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <>
      <h1>Something went wrong</h1>
      <p>
        The page could not be built. If the database just went away, it will be back by itself when Neo4j answers again.
      </p>
      <button type="button" onClick={() => reset()}>
        Try again
      </button>
    </>
  );
}
