// URLs of the app's pages, built in one place.
export function entityPath(id: string): string {
  return `/entities/${encodeURIComponent(id)}`;
}
