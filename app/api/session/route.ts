// The API's sign-in: POST /api/session {name, password} sets the session
// cookie (and answers who signed in); DELETE /api/session signs out; GET says
// who is signed in. Mutating calls need a same-site Origin like every write.
import { z } from "zod";
import { cookies } from "next/headers";
import { signIn, signOut, currentCurator } from "@/lib/auth/sessions";
import { SESSION_COOKIE } from "@/lib/auth/tokens";
import { cookieToken, errorResponse, originRejection } from "@/app/api/curation";
import { jsonError } from "@/app/api/respond";

export const dynamic = "force-dynamic";

const SignInSchema = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

export async function GET(request: Request) {
  try {
    return Response.json({ curator: await currentCurator(cookieToken(request)) });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function POST(request: Request) {
  const refused = originRejection(request);
  if (refused) return refused;
  const body = SignInSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError(400, "Send {name, password} as JSON.");
  try {
    const session = await signIn(body.data.name, body.data.password);
    (await cookies()).set(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: "lax",
      secure: (request.headers.get("origin") ?? "").startsWith("https:"),
      path: "/",
      expires: new Date(session.expiresAt),
    });
    return Response.json({ curator: session.curator, expiresAt: session.expiresAt });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function DELETE(request: Request) {
  const refused = originRejection(request);
  if (refused) return refused;
  try {
    await signOut(cookieToken(request));
    (await cookies()).delete(SESSION_COOKIE);
    return Response.json({ ok: true });
  } catch (err) {
    return errorResponse(err);
  }
}
