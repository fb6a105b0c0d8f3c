import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatError, readInput } from "../../lib/ingest/read";
import { referencedButUndefined, validateInput } from "../../lib/ingest/validate";
import { loadVocabulary } from "../../lib/vocabulary";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "atlas-validate-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const vocab = loadVocabulary();
const ok = (id: string, kind = id.split(":")[0]) => JSON.stringify({ id, kind, name: id });

function problems(files: Record<string, string>, existing: string[] = []): string[] {
  const dir = folder(files);
  const input = readInput([dir]);
  const errors = [...input.errors, ...validateInput(input, vocab, new Set(existing))];
  return errors.map((e) => formatError(e).split(`${dir}/`).join("").split(`${path.relative(process.cwd(), dir)}/`).join(""));
}

describe("ingest validation", () => {
  it("accepts a clean folder", () => {
    expect(
      problems({
        "entities.jsonl": [ok("concept:a"), ok("method:b")].join("\n"),
        "edges.jsonl": JSON.stringify({ source: "method:b", relation: "uses", target: "concept:a" }),
        "similarity.jsonl": JSON.stringify({ a: "concept:a", b: "method:b", score: 0.7 }),
      }),
    ).toEqual([]);
  });

  it("names file, line and field for every problem, not only the first", () => {
    const out = problems({
      "entities.jsonl": [
        ok("concept:a"),
        '{"id":"concept:b","kind":"concept"', // malformed JSON
        JSON.stringify({ id: "gizmo:c", kind: "gizmo", name: "C" }), // unknown kind
        ok("concept:a"), // duplicate
        JSON.stringify({ id: "method:d", kind: "concept", name: "D" }), // prefix mismatch
        JSON.stringify({ id: "concept:e", kind: "concept", name: "E", year: "1999", colour: "red" }),
      ].join("\n"),
      "edges.jsonl": [
        JSON.stringify({ source: "concept:a", relation: "befriends", target: "concept:zzz" }),
        JSON.stringify({ source: "concept:a", relation: "uses", target: "concept:a" }),
      ].join("\n"),
      "similarity.jsonl": [
        JSON.stringify({ a: "concept:a", b: "method:d", score: 1.5 }),
        JSON.stringify({ a: "method:d", b: "concept:a", score: 0.8 }),
        JSON.stringify({ a: "concept:a", b: "method:d", score: 0.8 }),
      ].join("\n"),
    });
    expect(out).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^entities\.jsonl:2: \(json\) — malformed JSON/),
        expect.stringMatching(/^entities\.jsonl:3: kind — unknown kind "gizmo"/),
        expect.stringMatching(/^entities\.jsonl:4: id — duplicate id "concept:a" \(first defined at .*entities\.jsonl:1\)/),
        expect.stringMatching(/^entities\.jsonl:5: id — must start with "concept:"/),
        expect.stringMatching(/^entities\.jsonl:6: year — /),
        expect.stringMatching(/^entities\.jsonl:6: colour — unknown field/),
        expect.stringMatching(/^edges\.jsonl:1: relation — unknown relation "befriends"/),
        expect.stringMatching(/^edges\.jsonl:1: target — unknown entity id "concept:zzz"/),
        expect.stringMatching(/^edges\.jsonl:2: target — an edge cannot join an entity to itself/),
        expect.stringMatching(/^similarity\.jsonl:1: score — must be between 0 and 1/),
        expect.stringMatching(/^similarity\.jsonl:3: b — duplicate similarity pair/),
      ]),
    );
    expect(out).toHaveLength(11);
  });

  it("accepts references to ids already in the database and asks only for those", () => {
    const dir = folder({
      "entities.jsonl": ok("concept:a"),
      "edges.jsonl": JSON.stringify({ source: "concept:a", relation: "extends", target: "framework:old" }),
    });
    const input = readInput([dir]);
    expect(referencedButUndefined(input)).toEqual(["framework:old"]);
    expect(validateInput(input, vocab, new Set(["framework:old"]))).toEqual([]);
  });

  it("reads CSV with a header, lists split on | and numbers converted", () => {
    const dir = folder({
      "entities.csv": 'id,kind,name,aliases,year,description\npaper:p,paper,"Paper, One",P1|First,2021,"says ""hi"""\nconcept:q,concept,Q,,,\n',
      "edges.csv": "source,relation,target,note\npaper:p,introduces,concept:q,\n",
      "similarity.csv": "a,b,score,method\npaper:p,concept:q,abc,\n",
    });
    const input = readInput([dir]);
    expect(input.entities.map((e) => e.row)).toEqual([
      { id: "paper:p", kind: "paper", name: "Paper, One", aliases: ["P1", "First"], year: 2021, description: 'says "hi"' },
      { id: "concept:q", kind: "concept", name: "Q" },
    ]);
    expect(input.edges[0]?.loc.line).toBe(2);
    expect(input.errors.map(formatError)).toEqual([expect.stringMatching(/similarity\.csv:2: score — must be a number/)]);
  });

  it("rejects files whose name does not say what they hold", () => {
    const out = problems({ "stuff.jsonl": ok("concept:a") });
    expect(out).toEqual([expect.stringContaining("stuff.jsonl:0: (file name) — the name must start with")]);
  });
});
