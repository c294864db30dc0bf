/** ASCII-only case folding, as the C library's tolower/toupper/strcasestr in the "C" locale. */
export function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

export function asciiUpper(s: string): string {
  return /[a-z]/.test(s) ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s;
}

const isAscii = (s: string) => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
};

/** strcmp order: by UTF-8 bytes (UTF-16 code-unit order differs only beyond the BMP). */
export function byteCompare(a: string, b: string): number {
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** libsinsp `pmatch`: the value is one of the paths or lies below one of them (whole path components). */
export function pathPrefixMatcher(paths: readonly string[]): (value: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const raw of paths) {
    const p = raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw;
    exact.add(p);
    prefixes.push(p === '/' ? '/' : `${p}/`);
  }
  return (value) => exact.has(value) || prefixes.some((p) => value.startsWith(p));
}

/** Decodes an even-length hex string (the operand of bcontains/bstartswith) to bytes. */
export function hexBytes(hex: string): Buffer | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  return Buffer.from(hex, 'hex');
}
