/**
 * The offsets of the lines of a text that start with a given string, found in one pass, and the
 * first of them within a range: a search per document from its start could run to the end of the
 * file each time.
 */
export class LineMarks {
  private readonly offsets: number[] = [];

  constructor(text: string, start: string) {
    if (text.startsWith(start)) this.offsets.push(0);
    const needle = `\n${start}`;
    for (let p = text.indexOf(needle); p !== -1; p = text.indexOf(needle, p + 1)) this.offsets.push(p + 1);
  }

  /** The last line start before `offset`, if any. */
  previous(offset: number): number | undefined {
    let low = 0;
    let high = this.offsets.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.offsets[middle]! < offset) low = middle + 1;
      else high = middle;
    }
    return low > 0 ? this.offsets[low - 1] : undefined;
  }

  /** Each line start in [start, end), in order. */
  *within(start: number, end: number): Generator<number> {
    let low = 0;
    let high = this.offsets.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.offsets[middle]! < start) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < this.offsets.length && this.offsets[i]! < end; i++) yield this.offsets[i]!;
  }
}
