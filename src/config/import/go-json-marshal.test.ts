import { describe, expect, it } from 'vitest';
import { goJsonMarshal } from './go-json-marshal.js';

describe("encoding/json's Marshal, as Polaris writes a schema map into template text", () => {
  it('sorts keys by their bytes, escapes what Go escapes and writes float64 numbers as Go does', () => {
    // The expected text is Go 1.26's json.Marshal of the same map[string]any.
    const value = { b: 1, a: ['<x>&', 1e21, 1e-7, 0.5, 2.0, '\u2028\n\t\x01\x7f\b\f'], é: null, Z: true, '\u{1F600}': 1, '\uffff': 2 };
    expect(goJsonMarshal(value)).toBe('{"Z":true,"a":["\\u003cx\\u003e\\u0026",1e+21,1e-7,0.5,2,"\\u2028\\n\\t\\u0001\u007f\\b\\f"],"b":1,"é":null,"\uffff":2,"\u{1F600}":1}');
  });

  it('keeps a template action readable, and writes the quotes inside one escaped, which Go then fails to parse', () => {
    expect(goJsonMarshal({ const: '{{ .metadata.name }}' })).toBe('{"const":"{{ .metadata.name }}"}');
    expect(goJsonMarshal({ const: '{{ index .metadata.labels "app" }}' })).toBe('{"const":"{{ index .metadata.labels \\"app\\" }}"}');
  });
});
