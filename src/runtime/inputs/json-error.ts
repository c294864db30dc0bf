/**
 * A `JSON.parse` error's message without the excerpt of the parsed text that V8 quotes in some of
 * them (`Unexpected token 'x', "{"password"..."... is not valid JSON`): the text may be an audit
 * event holding a Secret, and these messages reach logs. Messages that give a position instead
 * (`Expected ',' or '}' after property value in JSON at position 58`) are kept as they are.
 */
export function jsonErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/(?:^|, )(?:\.\.\.)?".* is not valid JSON$/s, '') || 'not valid JSON';
}
