// Several statements in flight on one transaction: the client encodes the
// next batch while the server runs the previous one (ingest, similarity and
// candidate writes all send tens of thousands of rows in one transaction).
import type { Row, WriteTx } from "./driver";

/**
 * Keeps up to `depth` statements in flight on one transaction: the client
 * encodes batch k+1 while the server runs batch k (Bolt runs them in order).
 * Statements are awaited oldest first, so the first failure is the one thrown;
 * the later ones fail with it and are never left unobserved.
 */
export function pipeline(tx: WriteTx, depth = 2) {
  const inflight: Promise<unknown>[] = [];
  return {
    async push(cypher: string, params: Record<string, unknown>, then: (rows: Row[]) => void): Promise<void> {
      const done = tx.run(cypher, params).then(then);
      done.catch(() => {});
      inflight.push(done);
      if (inflight.length >= depth) await inflight.shift();
    },
    async drain(): Promise<void> {
      while (inflight.length > 0) await inflight.shift();
    },
  };
}
