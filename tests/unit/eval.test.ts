// The evaluation's converters and measures (bench/): KG-BERT link sets into
// our ingest rows, the held-out pairs, recall@k, and the exact TF-IDF baseline.
import { describe, expect, it } from "vitest";
import { clip, conceptId, convertKgBert, relationKey } from "../../bench/datasets/kgbert";
import { baselineLists, heldOutPairs, rankFromLists, recallAt, unionSize } from "../../bench/links";
import { EdgeRowSchema, EntityRowSchema } from "../../lib/ingest/rows";
import { parseVocabulary } from "../../lib/vocabulary";

const wn = {
  entityText: [
    "00789448\ttelephone, get or try to get into communication (with someone) by telephone",
    "01062739\tcall, send a message or attempt to reach someone by radio, phone, etc.",
    "02084071\tdog, a member of the genus Canis",
    "02113186\tpoodle, an intelligent dog with a heavy curly solid-colored coat",
  ].join("\n"),
  relationText: "_hypernym\thypernym\n_verb_group\tverb group\n_similar_to\tsimilar to",
  train: "02113186\t_hypernym\t02084071\n00789448\t_similar_to\t00789448\n",
  dev: "00789448\t_verb_group\t01062739\n",
  test: "00789448\t_verb_group\t01062739\n01062739\t_verb_group\t00789448\n02113186\t_hypernym\t02084071\n",
};

describe("KG-BERT link sets", () => {
  it("turns entities, relations and train triples into valid ingest rows, and keeps dev and test apart", () => {
    const c = convertKgBert(wn);
    expect(c.entities).toHaveLength(4);
    expect(c.entities[3]).toEqual({ id: "concept:02113186", kind: "concept", name: "poodle", description: "an intelligent dog with a heavy curly solid-colored coat" });
    for (const e of c.entities) expect(EntityRowSchema.safeParse(e).success).toBe(true);
    expect(c.edges).toEqual([{ source: "concept:02113186", relation: "hypernym", target: "concept:02084071" }]);
    for (const e of c.edges) expect(EdgeRowSchema.safeParse(e).success).toBe(true);
    expect(c.notes).toEqual(["1 self-loop(s) in train left out (an edge joins two entities)"]);
    expect(c.test).toHaveLength(3);
    // The vocabulary passes our validation: "similar_to" is reserved, so it is renamed.
    const vocab = parseVocabulary(c.vocabulary);
    expect([...vocab.relationByKey.keys()]).toEqual(["hypernym", "verb_group", "similar_to_relation"]);
  });

  it("names ids and relations in our form, uses long texts as descriptions, and says what is wrong with bad lines", () => {
    expect(conceptId("amino_acid_peptide_or_protein")).toBe("concept:amino-acid-peptide-or-protein");
    expect(relationKey("co-occurs_with")).toBe("co_occurs_with");
    const umls = convertKgBert({
      entityText: "alga\talga\ncell\tcell",
      entityLongText: `alga\tAlgae are ${"photosynthetic ".repeat(400)}organisms.\ncell\tCell`,
      relationText: "isa\tis a",
      train: "alga\tisa\tcell",
      dev: "",
      test: "",
    });
    expect(umls.entities[0]!.description!.length).toBeLessThanOrEqual(5000);
    expect(umls.entities[1]!.description).toBeUndefined(); // "Cell" only repeats the name
    expect(umls.notes).toEqual(["1 description(s) cut to 5000 characters"]);
    expect(() => convertKgBert({ ...wn, train: "02113186\t_hypernym" })).toThrow(/train.tsv:1: expected 3 tab-separated fields/);
    expect(() => convertKgBert({ ...wn, train: "02113186\t_hypernym\t99999999" })).toThrow(/train.tsv:1: entity "99999999" has no text/);
    expect(clip("word ".repeat(20), 30).length).toBeLessThanOrEqual(30);
  });
});

describe("measures", () => {
  it("counts held-out pairs once, leaves out linked pairs and self-loops, and finds a pair from either side", () => {
    const c = convertKgBert(wn);
    const pairs = heldOutPairs(c.test, c.edges);
    expect(pairs.map((p) => [...p].sort())).toEqual([["concept:00789448", "concept:01062739"]]);
    const lists = new Map([["concept:01062739", ["concept:02084071", "concept:00789448"]]]);
    expect(recallAt(pairs, rankFromLists(lists), [1, 2])).toEqual([0, 1]);
    expect(unionSize(new Map([["a", ["b", "c"]], ["b", ["a"]]]))).toBe(2);
  });

  it("ranks by exact TF-IDF, leaving out partners already linked", () => {
    const lists = baselineLists({
      ids: ["a", "b", "c", "d"],
      texts: ["dog poodle curly", "dog canine", "poodle curly coat", "xyz qwv"],
      edges: [{ source: "a", target: "c" }],
      k: 2,
    });
    expect(lists.get("a")).toEqual(["b"]);
    expect(lists.get("c")).not.toContain("a");
    expect(lists.get("d")).toEqual([]);
  });
});
