import { describe, expect, it } from "vitest";
import { compareMembers, groupOrder, relationLabel } from "../../lib/entities/ranking";
import { luceneQuery } from "../../lib/search";
import { loadVocabulary } from "../../lib/vocabulary";

const vocab = loadVocabulary();

describe("entity page ranking", () => {
  it("orders groups: papers, thinkers, other core kinds, own kind, peripheral kinds", () => {
    expect(groupOrder(vocab, "framework")).toEqual([
      "paper", "thinker", "method", "concept", "claim", "finding", "hypothesis", "question", "framework", "artifact", "dataset", "event",
    ]);
    expect(groupOrder(vocab, "method").slice(0, 4)).toEqual(["paper", "thinker", "framework", "concept"]);
    expect(groupOrder(vocab, "artifact").slice(-3)).toEqual(["artifact", "dataset", "event"]);
  });

  it("ranks by links, then degree, then name", () => {
    const members = [
      { name: "b", links: 1, degree: 5 },
      { name: "a", links: 1, degree: 5 },
      { name: "c", links: 2, degree: 1 },
      { name: "d", links: 1, degree: 9 },
    ];
    expect([...members].sort(compareMembers).map((m) => m.name)).toEqual(["c", "d", "a", "b"]);
  });

  it("labels relations from the page's point of view", () => {
    expect(relationLabel(vocab, "extends", false)).toBe("extends → this");
    expect(relationLabel(vocab, "implements", true)).toBe("this implements →");
    expect(relationLabel(vocab, "related_to", true)).toBe("related to ↔ this");
  });

  it("builds prefix-friendly, escaped full-text queries", () => {
    expect(luceneQuery("Resid Str")).toBe('(name:"resid str")^4 OR (resid* AND str*)');
    expect(luceneQuery('a:b (c) "d"')).toBe('(name:"a b c d")^4 OR (a* AND b* AND c* AND d*)');
    expect(luceneQuery("  && ")).toBe("");
  });
});
