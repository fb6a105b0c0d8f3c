import { describe, expect, it } from "vitest";
import { parseCsv } from "../../lib/ingest/csv";

describe("parseCsv", () => {
  it("reads quoted fields, doubled quotes and newlines inside quotes, remembering start lines", () => {
    const text = 'id,name\nconcept:a,"Alpha, ""the first"""\nconcept:b,"two\nlines"\nconcept:c,plain\n';
    const { records, errors } = parseCsv(text);
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ["id", "name"] },
      { line: 2, fields: ["concept:a", 'Alpha, "the first"'] },
      { line: 3, fields: ["concept:b", "two\nlines"] },
      { line: 5, fields: ["concept:c", "plain"] },
    ]);
  });

  it("handles CRLF, a byte-order mark and blank lines", () => {
    const { records, errors } = parseCsv("\ufeffa,b\r\n1,2\r\n\r\n3,4");
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.fields])).toEqual([[1, ["a", "b"]], [2, ["1", "2"]], [4, ["3", "4"]]]);
  });

  it("reports an unterminated quote and a stray quote with their lines", () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n').errors).toEqual([{ line: 2, message: expect.stringContaining("never closed") }]);
    const stray = parseCsv('a,b\n1,x"y\n2,3\n');
    expect(stray.errors[0]?.line).toBe(2);
    expect(stray.records.map((r) => r.line)).toEqual([1, 3]);
  });
});
