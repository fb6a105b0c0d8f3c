// CSV output (RFC 4180) shared by the command-line listings. Pure.

/** One CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled). */
export function csvField(value: string | number | null): string {
  const s = value === null ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of fields as one CSV document with CRLF line ends. */
export function csvDocument(header: readonly string[], rows: (string | number | null)[][]): string {
  return `${[header.join(","), ...rows.map((r) => r.map(csvField).join(","))].join("\r\n")}\r\n`;
}
