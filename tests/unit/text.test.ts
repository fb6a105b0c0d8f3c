import { describe, expect, it } from "vitest";
import { excerpt } from "../../lib/text";

describe("excerpt", () => {
  it("keeps short text as it is", () => {
    expect(excerpt("  Residual Stream  ", 40)).toBe("Residual Stream");
  });
  it("cuts long text at a word boundary, without trailing punctuation, and marks the cut", () => {
    const text = "Attention heads read from and write to the residual stream, which carries every layer's output.";
    const short = excerpt(text, 60);
    expect(short).toBe("Attention heads read from and write to the residual stream…");
    expect(short.length).toBeLessThanOrEqual(60);
  });
  it("cuts a single long word where it must", () => {
    expect(excerpt("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
  });
});
