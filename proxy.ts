// Request proxy (Next.js 16's middleware): pages answer 503 with a clear
// "database unavailable" page while Neo4j cannot be reached, and go back to
// normal by themselves when it returns. API routes report their own errors.
import { NextResponse, type NextRequest } from "next/server";
import { neo4jReachable } from "@/lib/neo4j/reachability";

export async function proxy(request: NextRequest) {
  if (await neo4jReachable()) return NextResponse.next();
  return NextResponse.rewrite(new URL("/unavailable", request.url), { status: 503, headers: { "retry-after": "5" } });
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon.ico|unavailable).*)"],
};
