// A per-key token bucket kept in memory in the server process: each curator
// may make `burst` writes at once and `perMinute` writes per minute after
// that. One process, one set of buckets: with several app instances each
// enforces its own limit (documented in the README), which still bounds what
// one stolen session can do. Sign-in attempts use a bucket per account name.
export interface RateLimiterOptions {
  perMinute: number;
  burst: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly refillPerMs: number;

  constructor(private readonly opts: RateLimiterOptions) {
    this.now = opts.now ?? Date.now;
    this.refillPerMs = opts.perMinute / 60_000;
  }

  /** Takes one token for `key`; returns 0 when allowed, else the milliseconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.opts.burst, at: now };
    bucket.tokens = Math.min(this.opts.burst, bucket.tokens + (now - bucket.at) * this.refillPerMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.refillPerMs);
  }

  /** Forgets buckets that are full again, so the map does not grow without bound. */
  sweep(): void {
    const now = this.now();
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.refillPerMs >= this.opts.burst) this.buckets.delete(key);
    }
  }
}
