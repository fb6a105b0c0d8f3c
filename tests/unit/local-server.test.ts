// The local Neo4j launcher's pure parts: reading `java -version`, and adding
// the Vector API module where Lucene can use it for the vector index.
import { describe, expect, it } from "vitest";
import { javaMajor, vectorApiArgs } from "../../lib/neo4j/local-server";

describe("local Neo4j launcher", () => {
  it("reads the Java feature release from `java -version`", () => {
    expect(javaMajor('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)')).toBe(17);
    expect(javaMajor('openjdk version "21.0.5" 2024-10-15 LTS')).toBe(21);
    expect(javaMajor('java version "1.8.0_412"')).toBe(8);
    expect(javaMajor('openjdk version "25" 2025-09-16')).toBe(25);
    expect(javaMajor("no version here")).toBeNaN();
  });

  it("adds the Vector API module only on the Java releases whose SIMD Lucene 9.11 uses", () => {
    for (const major of [20, 21, 22]) expect(vectorApiArgs(major)).toEqual(["--add-modules=jdk.incubator.vector"]);
    for (const major of [17, 19, 23, 25, Number.NaN]) expect(vectorApiArgs(major)).toEqual([]);
  });
});
