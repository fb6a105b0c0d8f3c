// Request proxy (Next.js 16's middleware), in front of every request:
// - mutating requests (POST, PUT, PATCH, DELETE: server actions and API
//   writes) must carry an Origin naming this host; others get 403. The routes
//   and actions check again, and lib/ authorizes every write: this is the
//   first of three layers, not the only one;
// - with ATLAS_READ_REQUIRES_SIGN_IN=true, reading needs a signed-in curator
//   (pages redirect to /signin, the API answers 401);
// - pages answer 503 with a clear "database unavailable" page while Neo4j
//   cannot be reached, and go back to normal by themselves when it returns.
import { NextResponse, type NextRequest } from "next/server";
import { readEnv } from "@/lib/config";
import { checkOrigin, requestHost } from "@/lib/auth/origin";
import { currentCurator } from "@/lib/auth/sessions";
import { SESSION_COOKIE } from "@/lib/auth/tokens";
import { neo4jReachable } from "@/lib/neo4j/reachability";

/** Open even when reading needs sign-in: the sign-in itself and the health check. */
const ALWAYS_OPEN = ["/signin", "/api/session", "/api/health", "/unavailable"];

async function signedIn(request: NextRequest): Promise<boolean> {
  try {
    return (await currentCurator(request.cookies.get(SESSION_COOKIE)?.value)) !== null;
  } catch {
    return false;
  }
}

export async function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  const isApi = path.startsWith("/api/");
  const origin = checkOrigin({ method: request.method, origin: request.headers.get("origin"), host: requestHost(request.headers) });
  if (!origin.ok) return NextResponse.json({ error: `Cross-site request refused: ${origin.reason}.` }, { status: 403 });

  if (!isApi && path !== "/unavailable" && !(await neo4jReachable())) {
    return NextResponse.rewrite(new URL("/unavailable", request.url), { status: 503, headers: { "retry-after": "5" } });
  }
  if (readEnv().ATLAS_READ_REQUIRES_SIGN_IN && !ALWAYS_OPEN.some((p) => path === p || path.startsWith(`${p}/`))) {
    if (!(await signedIn(request))) {
      if (isApi) return NextResponse.json({ error: "Sign in to read (ATLAS_READ_REQUIRES_SIGN_IN is on)." }, { status: 401 });
      const signin = new URL("/signin", request.url);
      signin.searchParams.set("next", `${path}${request.nextUrl.search}`);
      return NextResponse.redirect(signin);
    }
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/|favicon.ico).*)"],
};
