// Adamic–Adar, the structural signal beside a candidate's similarity score:
// the sum over shared typed neighbours z of 1 / ln(degree(z)). A shared
// neighbour with few edges says more than a shared hub. Degree 1 cannot
// occur for a shared neighbour (it touches both entities); it is skipped to
// avoid dividing by ln 1 = 0.
export function adamicAdar(sharedDegrees: number[]): number {
  let sum = 0;
  for (const d of sharedDegrees) if (d > 1) sum += 1 / Math.log(d);
  return sum;
}
