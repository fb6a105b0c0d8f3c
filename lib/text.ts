// Short text for lists: member descriptions are clamped so a hub's page (up to
// 20 members in each of a dozen groups) stays light; the entity's own page and
// the JSON API keep the full text.

export const LIST_DESCRIPTION_CHARS = 240;

/** `text` cut at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function excerpt(text: string, max = LIST_DESCRIPTION_CHARS): string {
  const clean = text.trim();
  if (clean.length <= max) return clean;
  const window = clean.slice(0, max);
  const space = window.lastIndexOf(" ");
  // A single very long word has no boundary worth keeping: cut it where it is.
  const head = space > max / 2 ? window.slice(0, space) : clean.slice(0, max - 1);
  return `${head.replace(/[\s,;:.–—-]+$/u, "")}…`;
}
