// A sorted list in chunks: what the candidate queue keeps in memory. Removing
// or inserting one item costs a search and a splice within one chunk, and a
// page (offset, limit) a walk over the chunk sizes, so a curator's decision on
// a queue of 2M pairs changes it in well under a millisecond (rebuilding one
// array of 2M items took ~0.5 s). Pure; items are compared by `cmp`, which
// must order any two distinct items strictly.

const TARGET = 1024;

export class SortedChunks<T> {
  private chunks: T[][] = [];
  private size = 0;

  constructor(
    private readonly cmp: (x: T, y: T) => number,
    sorted: T[] = [],
  ) {
    for (let i = 0; i < sorted.length; i += TARGET) this.chunks.push(sorted.slice(i, i + TARGET));
    this.size = sorted.length;
  }

  get length(): number {
    return this.size;
  }

  /** The chunk that holds (or would hold) `item`: the first whose last item is not before it. */
  private chunkOf(item: T): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid] as T[];
      if (this.cmp(chunk[chunk.length - 1] as T, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Position of the first item in `chunk` not before `item`. */
  private positionIn(chunk: T[], item: T): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cmp(chunk[mid] as T, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(item: T): void {
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      this.size = 1;
      return;
    }
    const c = this.chunkOf(item);
    const chunk = this.chunks[c] as T[];
    chunk.splice(this.positionIn(chunk, item), 0, item);
    this.size++;
    if (chunk.length > 2 * TARGET) this.chunks.splice(c, 1, chunk.slice(0, TARGET), chunk.slice(TARGET));
  }

  /** Removes the item equal to `item` (by `cmp`); false when there is none. */
  remove(item: T): boolean {
    if (this.chunks.length === 0) return false;
    const c = this.chunkOf(item);
    const chunk = this.chunks[c] as T[];
    const at = this.positionIn(chunk, item);
    if (at >= chunk.length || this.cmp(chunk[at] as T, item) !== 0) return false;
    chunk.splice(at, 1);
    this.size--;
    if (chunk.length === 0) this.chunks.splice(c, 1);
    return true;
  }

  /** Items offset … offset + limit − 1, in order. */
  slice(offset: number, limit: number): T[] {
    const out: T[] = [];
    let skip = offset;
    for (const chunk of this.chunks) {
      if (out.length >= limit) break;
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      for (let i = skip; i < chunk.length && out.length < limit; i++) out.push(chunk[i] as T);
      skip = 0;
    }
    return out;
  }

  /** Every item, in order. */
  toArray(): T[] {
    return this.chunks.flat();
  }
}
