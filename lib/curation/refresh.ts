// Derived data rebuilt after a curation write: the stored neighbour rankings
// of hubs and the communities when typed edges changed (rankings were already
// invalidated inside the write's transaction, so pages were never stale), and
// every time an incremental similarity run, which links entities whose text
// changed (a merge's survivor) and ranks again the candidate lists the write
// marked. It runs after the write has committed and the caller has its
// answer: a failure here is logged and never undoes the curation. Requests
// arriving while a rebuild runs are coalesced into one more rebuild afterwards.
import { recomputeCommunities } from "../communities/store";
import { recomputeRankings } from "../entities/rankings";
import { computeSimilarity } from "../similarity/run";

let running: Promise<void> | null = null;
let again = false;
let typedPending = false;

async function rebuild(): Promise<void> {
  do {
    again = false;
    const typed = typedPending;
    typedPending = false;
    try {
      if (typed) {
        await recomputeRankings();
        await recomputeCommunities();
      }
      await computeSimilarity({ followUp: true });
    } catch (err) {
      console.error(`After curation: rebuilding derived data failed (the curation itself is committed): ${(err as Error).message}`);
    }
  } while (again);
}

/** Starts (or extends) the rebuild; the promise settles when nothing is left to rebuild. */
export function scheduleRefresh(opts: { typed: boolean } = { typed: true }): Promise<void> {
  typedPending ||= opts.typed;
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
