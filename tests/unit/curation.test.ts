// Pure pieces of curation: password hashing, session tokens, the Origin
// check, the rate limiter, Adamic–Adar, pair keys and the input schemas.
import { describe, expect, it } from "vitest";
import { checkOrigin } from "../../lib/auth/origin";
import { hashPassword, verifyPassword } from "../../lib/auth/password";
import { RateLimiter } from "../../lib/auth/rate-limit";
import { hashToken, looksLikeToken, newSessionToken } from "../../lib/auth/tokens";
import { CuratorNameSchema } from "../../lib/auth/curators";
import { adamicAdar } from "../../lib/candidates/adamic-adar";
import { orderedPair, pairKey } from "../../lib/curation/pairs";
import { AcceptSchema, PairSchema, UndoSchema } from "../../lib/curation/schemas";

describe("passwords", () => {
  it("hashes with scrypt and a per-user salt, and verifies only the right password", async () => {
    const [h1, h2] = await Promise.all([hashPassword("a long enough secret"), hashPassword("a long enough secret")]);
    expect(h1).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(h1).not.toBe(h2); // different salts
    expect(await verifyPassword("a long enough secret", h1)).toBe(true);
    expect(await verifyPassword("a long enough secreT", h1)).toBe(false);
    expect(await verifyPassword("anything", "plain-text")).toBe(false);
  });
});

describe("session tokens", () => {
  it("are 32 random bytes, stored as a SHA-256 hash", () => {
    const t = newSessionToken();
    expect(looksLikeToken(t)).toBe(true);
    expect(Buffer.from(t, "base64url")).toHaveLength(32);
    expect(newSessionToken()).not.toBe(t);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t);
    expect(looksLikeToken("short")).toBe(false);
    expect(looksLikeToken(null)).toBe(false);
  });
});

describe("origin check", () => {
  const post = (origin: string | null, host: string | null = "atlas.example:3000") => checkOrigin({ method: "POST", origin, host });
  it("accepts the same origin and ignores safe methods", () => {
    expect(post("http://atlas.example:3000")).toEqual({ ok: true });
    expect(post("https://ATLAS.example", "atlas.example:443")).toEqual({ ok: true });
    expect(checkOrigin({ method: "GET", origin: null, host: "x" })).toEqual({ ok: true });
  });
  it("rejects foreign, null, missing and malformed origins", () => {
    expect(post("http://evil.example:3000").ok).toBe(false);
    expect(post("http://atlas.example:3001").ok).toBe(false);
    expect(post("http://atlas.example:3000.evil.example").ok).toBe(false);
    expect(post("null").ok).toBe(false);
    expect(post(null).ok).toBe(false);
    expect(post("").ok).toBe(false);
    expect(post("file:///etc/passwd").ok).toBe(false);
    expect(post("not a url").ok).toBe(false);
    expect(post("http://atlas.example:3000", null).ok).toBe(false);
    expect(checkOrigin({ method: "delete", origin: null, host: "x" }).ok).toBe(false);
  });
});

describe("rate limiter", () => {
  it("allows a burst, then refills at the configured rate, per key", () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, burst: 3, now: () => now });
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([0, 0, 0]);
    expect(limiter.take("a")).toBe(1000);
    expect(limiter.take("b")).toBe(0);
    now += 1000;
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBeGreaterThan(0);
    now += 60_000;
    limiter.sweep();
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a"), limiter.take("a") > 0]).toEqual([0, 0, 0, true]);
  });
});

describe("Adamic–Adar and pairs", () => {
  it("sums 1/ln(degree) over shared neighbours", () => {
    expect(adamicAdar([])).toBe(0);
    expect(adamicAdar([Math.E])).toBeCloseTo(1);
    expect(adamicAdar([2, 10])).toBeCloseTo(1 / Math.log(2) + 1 / Math.log(10));
    expect(adamicAdar([1])).toBe(0);
    expect(adamicAdar([3])).toBeGreaterThan(adamicAdar([1000]));
  });
  it("keys an unordered pair by its ordered ids", () => {
    expect(pairKey("concept:b", "concept:a")).toBe("concept:a|concept:b");
    expect(orderedPair("x:b", "x:a")).toEqual(["x:a", "x:b"]);
  });
});

describe("input schemas", () => {
  const base = { opId: "0123456789", source: "concept:a", target: "concept:b", relation: "extends" };
  it("accept: vocabulary relations only, two different entities, trimmed note", () => {
    expect(AcceptSchema.parse({ ...base, note: "  x " }).note).toBe("x");
    expect(AcceptSchema.parse({ ...base, note: "   " }).note).toBeNull();
    expect(AcceptSchema.safeParse({ ...base, relation: "EXTENDS]->() DETACH DELETE" }).success).toBe(false);
    expect(AcceptSchema.safeParse({ ...base, relation: "similar_to" }).success).toBe(false);
    expect(AcceptSchema.safeParse({ ...base, target: "concept:a" }).success).toBe(false);
    expect(AcceptSchema.safeParse({ ...base, source: "Concept A" }).success).toBe(false);
    expect(AcceptSchema.safeParse({ ...base, opId: "short" }).success).toBe(false);
    expect(AcceptSchema.safeParse({ ...base, note: "x".repeat(2001) }).success).toBe(false);
  });
  it("pair and undo", () => {
    expect(PairSchema.safeParse({ opId: "0123456789", a: "concept:a", b: "concept:a" }).success).toBe(false);
    expect(UndoSchema.safeParse({ opId: "0123456789", target: "9876543210" }).success).toBe(true);
  });
  it("curator names", () => {
    expect(CuratorNameSchema.parse(" Ada Lovelace ")).toBe("Ada Lovelace");
    expect(CuratorNameSchema.safeParse("<script>").success).toBe(false);
    expect(CuratorNameSchema.safeParse("").success).toBe(false);
  });
});
