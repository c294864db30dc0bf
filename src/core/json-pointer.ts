/** One reference token of a JSON Pointer, decoded (RFC 6901: `~1` is `/`, then `~0` is `~`). */
export function decodePointerToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** The reference tokens of a JSON Pointer: `/a~1b/0` is `a/b`, `0`; "" is the whole document. */
export function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map(decodePointerToken);
}
