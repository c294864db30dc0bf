/** The length in bytes of the valid UTF-8 sequence at bytes[i], or 0 (Go's utf8.DecodeRune rules: no overlong forms, surrogates or values past U+10FFFF). */
export function utf8SequenceLength(bytes: ArrayLike<number>, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const continuation = (k: number, low = 0x80, high = 0xbf): boolean => {
    const b = i + k < bytes.length ? bytes[i + k] : undefined;
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return continuation(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const [low, high] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const [low, high] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}
