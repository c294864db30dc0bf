import { describe, expect, it } from 'vitest';
import { k8sAuditDecoder } from '../../src/runtime/inputs/events.js';
import { jsonErrorMessage } from '../../src/runtime/inputs/json-error.js';

const parseError = (text: string): unknown => {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`${text} parsed`);
};

describe('jsonErrorMessage', () => {
  it('drops the excerpt of the text V8 quotes, whole or cut, wherever it starts', () => {
    expect(jsonErrorMessage(parseError('not json hunter2'))).toBe("Unexpected token 'o'");
    expect(jsonErrorMessage(parseError(`x{"password":"hunter2${'z'.repeat(60)}"}`))).toBe("Unexpected token 'x'");
    expect(jsonErrorMessage(parseError('[1,]'))).toBe("Unexpected token ']'");
    expect(jsonErrorMessage(parseError(`{"a":[${'1,'.repeat(40)}"hunter2",,1]}`))).toBe("Unexpected token ','");
    expect(jsonErrorMessage(new SyntaxError('"hunter2" is not valid JSON'))).toBe('not valid JSON');
  });

  it('keeps messages that give a position instead', () => {
    expect(jsonErrorMessage(parseError('{"password":"hunter2" x}'))).toBe("Expected ',' or '}' after property value in JSON at position 22");
    expect(jsonErrorMessage(parseError('{"a":1'))).toBe("Expected ',' or '}' after property value in JSON at position 6");
    expect(jsonErrorMessage(parseError(''))).toBe('Unexpected end of JSON input');
  });

  it('is what the audit decoder reports for a line that is not JSON (logged by rampart runtime, printed by runtime test)', () => {
    expect(k8sAuditDecoder.decode('token=hunter2 is not json', () => 0n)).toEqual([{ ok: false, message: "invalid JSON: Unexpected token 'o'" }]);
    expect(k8sAuditDecoder.decode('{"kind":"Event","password":"hunter2" }x', () => 0n)).toEqual([{ ok: false, message: 'invalid JSON: Unexpected non-whitespace character after JSON at position 38' }]);
  });
});
