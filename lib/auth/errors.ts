// Typed failures of curation and sign-in, each with the HTTP status a route or
// action maps it to. Messages are written for the curator who will read them.
export class CurationError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 429,
    message: string,
  ) {
    super(message);
    this.name = "CurationError";
  }
}

export const unauthenticated = () => new CurationError(401, "Sign in to make changes (no valid session).");
export const revoked = (name: string) => new CurationError(403, `The curator account "${name}" has been revoked.`);
export const forbidden = (why: string) => new CurationError(403, why);
export const notFound = (what: string) => new CurationError(404, what);
export const conflict = (what: string) => new CurationError(409, what);
export const invalid = (what: string) => new CurationError(400, what);
export const rateLimited = (ms: number) =>
  new CurationError(429, `Too many changes in a short time; try again in ${Math.ceil(ms / 1000)} s.`);

export function isCurationError(err: unknown): err is CurationError {
  return err instanceof CurationError;
}
