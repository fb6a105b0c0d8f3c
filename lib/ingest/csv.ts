// A small RFC 4180 CSV parser (quoted fields, "" escapes, newlines inside
// quotes) that remembers the line each record starts on, so validation errors
// can name it. Pure: text in, records out.

export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvResult {
  records: CsvRecord[];
  errors: { line: number; message: string }[];
}

export function parseCsv(text: string): CsvResult {
  const records: CsvRecord[] = [];
  const errors: { line: number; message: string }[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark

  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = "";
    let recordDone = false;
    let broken = false;
    while (!recordDone) {
      if (i < n && text[i] === '"') {
        // Quoted field.
        i++;
        let closed = false;
        while (i < n) {
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === "\n") line++;
          field += ch;
          i++;
        }
        if (!closed) {
          errors.push({ line: startLine, message: "a quoted field is never closed (missing \")" });
          return { records, errors };
        }
        if (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
          errors.push({ line, message: `unexpected character after a closing quote: ${JSON.stringify(text[i])}` });
          broken = true;
          while (i < n && text[i] !== "\n") i++;
        }
      } else {
        while (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
          if (text[i] === '"') {
            errors.push({ line, message: "a quote inside an unquoted field (quote the whole field and double the quote)" });
            broken = true;
          }
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      field = "";
      if (i >= n) {
        recordDone = true;
      } else if (text[i] === ",") {
        i++;
      } else {
        if (text[i] === "\r") i++;
        if (i < n && text[i] === "\n") i++;
        line++;
        recordDone = true;
      }
    }
    const blank = fields.length === 1 && fields[0] === "";
    if (!broken && !blank) records.push({ line: startLine, fields });
  }
  return { records, errors };
}
