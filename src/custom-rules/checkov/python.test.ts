import { describe, expect, it } from 'vitest';
import { forceFloat, forceInt, pyEquals, pyIn, pyStr, PyTypeError } from './python.js';

// Expected values as Python 3 prints them (str(), float(), int()).
describe("Python's semantics for Checkov's operators", () => {
  it('writes values as str() does, floats in their shortest form', () => {
    const cases: Array<[unknown, string]> = [
      [0.1, '0.1'], [1.5, '1.5'], [123.456, '123.456'], [0.001, '0.001'], [1e-5, '1e-05'], [1.5e-7, '1.5e-07'], [-2.5, '-2.5'],
      [1 / 3, '0.3333333333333333'], [2 ** 60, '1152921504606846976'], [-7, '-7'], [true, 'True'], [null, 'None'], [undefined, 'None'], ['x', 'x'],
      [[1, 'a', null, true], "[1, 'a', None, True]"], [{ k: [1.5, "it's"] }, `{'k': [1.5, "it's"]}`],
    ];
    for (const [value, text] of cases) expect([value, pyStr(value)]).toEqual([value, text]);
  });

  it('reads numbers as float() and int() do, and raises where they raise', () => {
    const floats: Array<[string, number | undefined]> = [
      ['1', 1], ['1.', 1], ['.5', 0.5], [' 2 ', 2], ['1_000', 1000], ['1e3', 1000], ['1.e2', 100], ['-inf', -Infinity], ['Infinity', Infinity],
      ['abc', undefined], ['1__0', undefined], ['', undefined], ['0x10', undefined], ['+.5e-1', 0.05],
    ];
    for (const [text, value] of floats) expect([text, forceFloat(text)]).toEqual([text, value]);
    expect(forceFloat('nan')).toBeNaN();
    const ints: Array<[string, number | undefined]> = [['1', 1], ['-3', -3], [' 7 ', 7], ['1_0', 10], ['1.5', undefined], ['', undefined], ['1e3', undefined], ['+4', 4]];
    for (const [text, value] of ints) expect([text, forceInt(text)]).toEqual([text, value]);
    expect(forceInt(1.9)).toBe(1);
    expect(forceInt(true)).toBe(1);
  });

  it('compares as == does and tests membership as `in` does', () => {
    expect(pyEquals(true, 1)).toBe(true);
    expect(pyEquals(1, '1')).toBe(false);
    expect(pyEquals([1, { a: null }], [true, { a: null }])).toBe(true);
    expect(pyIn('b', 'abc')).toBe(true);
    expect(pyIn(1, [true])).toBe(true);
    expect(pyIn('k', { k: 1 })).toBe(true);
    expect(() => pyIn(1, 'abc')).toThrow(PyTypeError);
    expect(() => pyIn([1], { k: 1 })).toThrow(PyTypeError);
    expect(() => pyIn('a', 5)).toThrow(PyTypeError);
  });
});
