// Progress for long work: a bar with rows/s on a terminal, plain lines
// (at most one every few seconds) when output goes to a file or CI log.

export interface Progress {
  advance(done: number, phase?: string): void;
  finish(): void;
}

export interface ProgressOptions {
  total: number;
  label: string;
  stream?: NodeJS.WriteStream;
  /** Minimum milliseconds between plain lines. */
  plainEveryMs?: number;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export function createProgress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  const start = Date.now();
  let lastPlain = start;
  let finished = false;
  let current = 0;
  let phase = "";
  const width = 28;

  const render = (final: boolean) => {
    const elapsed = Math.max((Date.now() - start) / 1000, 0.001);
    const rate = current / elapsed;
    const ratio = opts.total > 0 ? Math.min(current / opts.total, 1) : 1;
    const pct = `${Math.floor(ratio * 100)}%`.padStart(4);
    const tail = `${fmt(current)}/${fmt(opts.total)} rows · ${fmt(rate)} rows/s${phase ? ` · ${phase}` : ""}`;
    if (tty) {
      const filled = Math.round(ratio * width);
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      stream.write(`\r${opts.label} ${bar} ${pct} ${tail}\x1b[K${final ? "\n" : ""}`);
    } else {
      stream.write(`${opts.label}: ${pct.trim()} ${tail}\n`);
    }
  };

  return {
    advance(done, newPhase) {
      current = done;
      if (newPhase !== undefined) phase = newPhase;
      const now = Date.now();
      if (tty) render(false);
      else if (now - lastPlain >= (opts.plainEveryMs ?? Number(process.env.ATLAS_PROGRESS_EVERY_MS ?? 3000))) {
        lastPlain = now;
        render(false);
      }
    },
    finish() {
      if (finished) return;
      finished = true;
      render(true);
    },
  };
}
