import type { Position } from '../../core/location.js';

/** Maps string offsets to 1-based line/column; built on first use. */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** The line of the last answer: one object's fields are looked up one after another, nearby. */
  private last = 0;

  position(offset: number): Position {
    const starts = (this.starts ??= computeLineStarts(this.text));
    const near = this.last;
    if ((starts[near] ?? 0) <= offset) {
      for (let line = near; line < near + 16 && line < starts.length; line++) {
        if (line + 1 === starts.length || (starts[line + 1] ?? 0) > offset) {
          this.last = line;
          return { line: line + 1, column: offset - (starts[line] ?? 0) + 1 };
        }
      }
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  let at = text.indexOf('\n');
  while (at !== -1) {
    starts.push(at + 1);
    at = text.indexOf('\n', at + 1);
  }
  return starts;
}
