// Derived data rebuilt after a curation write that changed typed edges: the
// stored neighbour rankings of hubs (already invalidated inside the write's
// transaction, so pages were never stale) and the communities. It runs after
// the write has committed and the caller has its answer: a failure here is
// logged and never undoes the curation. Requests arriving while a rebuild
// runs are coalesced into one more rebuild afterwards.
import { recomputeCommunities } from "../communities/store";
import { recomputeRankings } from "../entities/rankings";

let running: Promise<void> | null = null;
let again = false;

async function rebuild(): Promise<void> {
  do {
    again = false;
    try {
      await recomputeRankings();
      await recomputeCommunities();
    } catch (err) {
      console.error(`After curation: rebuilding rankings and communities failed (the curation itself is committed): ${(err as Error).message}`);
    }
  } while (again);
}

/** Starts (or extends) the rebuild; the promise settles when nothing is left to rebuild. */
export function scheduleRefresh(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = rebuild().finally(() => {
    running = null;
  });
  return running;
}

/** Resolves once no rebuild is running (tests and scripts wait on it before closing the driver). */
export function refreshIdle(): Promise<void> {
  return running ?? Promise.resolve();
}
