import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CelSyntaxError, compileCel, type CelOutcome } from './evaluate.js';
import { formatGoFloat, parseGoFloat, parseGoInt, parseGoUint } from './go-strconv.js';

/*
 * The expected outcomes are cel-go v0.31.0's, as the differential oracle's Go program
 * (test/oracles/cel/) gave them, so that they hold without Go.
 */

const run = (expression: string, object: Record<string, unknown> = {}): CelOutcome => compileCel(expression).run(object, [object]);
const message = (text: string): CelOutcome => ({ message: text });
const error = (text: string): CelOutcome => ({ error: text });

type Case = readonly [expression: string, object: Record<string, unknown>, expected: CelOutcome];
const cases = (list: readonly Case[]) => it.each(list.map(([expression, object, expected]) => ({ expression, object, expected })));

describe('cel-go answers', () => {
  describe("string(double) prints Go's %g", () => {
    cases([
      ['string(object.spec.replicas)', { spec: { replicas: 1000000 } }, message('1e+06')],
      ['string(object.x)', { x: 1.5e-7 }, message('1.5e-07')],
      ['string(object.x)', { x: 1234567 }, message('1.234567e+06')],
      ['string(object.x)', { x: 123456789.125 }, message('1.23456789125e+08')],
      ['string(object.x)', { x: 2 ** 53 }, message('9.007199254740992e+15')],
      ['string(object.x)', { x: 1e21 }, message('1e+21')],
      ['string(-0.0)', {}, message('-0')],
      ["string(1.0 / 0.0) + ' ' + string(-1.0 / 0.0) + ' ' + string(0.0 / 0.0)", {}, message('+Inf -Inf NaN')],
      ["string(0.00001) + ' ' + string(0.0001) + ' ' + string(100000.0) + ' ' + string(0.1 + 0.2)", {}, message('1e-05 0.0001 100000 0.30000000000000004')],
    ])('$expression on $object', ({ expression, object, expected }) => expect(run(expression, object)).toEqual(expected));
  });

  describe('strings compare by code point', () => {
    cases([
      ["object.name < '😀' ? 'before' : 'not before'", { name: '\uffff' }, message('before')],
      ["'\\uFFFF' < '😀' && '😀' > '\\uE000' && 'Zeta' < 'alpha' ? 'code points' : 'UTF-16'", {}, message('code points')],
    ])('$expression on $object', ({ expression, object, expected }) => expect(run(expression, object)).toEqual(expected));
  });

  describe('timestamps and durations print as Go prints them', () => {
    cases([
      ['string(timestamp(object.metadata.creationTimestamp))', { metadata: { creationTimestamp: '2023-12-31T23:59:59.5Z' } }, message('2023-12-31T23:59:59.5Z')],
      ["string(timestamp('2024-02-29T12:34:56.123456789Z')) + ' ' + string(timestamp('2024-02-29T12:34:56Z'))", {}, message('2024-02-29T12:34:56.123456789Z 2024-02-29T12:34:56Z')],
      ["string(duration('1.5s')) + ' ' + string(duration('1h30m')) + ' ' + string(duration('-1ms')) + ' ' + string(duration('1ns'))", {}, message('1.5s 5400s -0.001s 0.000000001s')],
      ['string(timestamp(1))', {}, message('1970-01-01T00:00:01Z')],
      ["string(int(duration('1.5s'))) + ' ' + string(duration('1.5s').getMilliseconds())", {}, message('1500000000 1500')],
      ["string(timestamp('2023-02-29T00:00:00Z'))", {}, error("type conversion error from 'string' to 'google.protobuf.Timestamp'")],
      ["string(duration(''))", {}, error("type conversion error from 'string' to 'google.protobuf.Duration'")],
    ])('$expression', ({ expression, object, expected }) => expect(run(expression, object)).toEqual(expected));
  });

  describe('in, ==, % and indexing', () => {
    const labels = { metadata: { labels: { app: 'web' } } };
    cases([
      ["null in object.metadata.labels ? 'y' : 'n'", labels, message('n')],
      ["['app'] in object.metadata.labels ? 'y' : 'n'", labels, message('n')],
      ["b'app' in object.metadata.labels ? 'y' : 'n'", labels, message('n')],
      ["object.n == 9007199254740993 ? 'equal' : 'not equal'", { n: 2 ** 53 }, message('equal')],
      ["dyn(9223372036854775807) == object.x ? 'equal' : 'not equal'", { x: 2 ** 63 }, message('equal')],
      ["[1, 2] == [1.0, dyn(2u)] && object.n in [9007199254740993] ? 'lossy' : 'exact'", { n: 2 ** 53 }, message('lossy')],
      ["-9223372036854775808 % -1 == 0 ? 'x' : 'y'", {}, error('integer overflow')],
      ['string(-7 % 3)', {}, message('-1')],
      ["object.list[1.5] == 'x' || true ? 'absorbed' : ''", { list: ['a', 'b'] }, message('absorbed')],
      ['object.list[1.0]', { list: ['a', 'b'] }, message('b')],
      ['object.list[2]', { list: ['a', 'b'] }, error('index out of bounds: 2')],
    ])('$expression on $object', ({ expression, object, expected }) => expect(run(expression, object)).toEqual(expected));
  });

  describe('double(), int(), uint() and bool() of a string read as strconv does', () => {
    const conversion = (to: string) => error(`type conversion error from 'string' to '${to}'`);
    cases([
      ['string(double(object.metadata.name))', { metadata: { name: 'web' } }, conversion('double')],
      ["string(double(''))", {}, conversion('double')],
      ["string(double(' 1 '))", {}, conversion('double')],
      ["string(double('1e400'))", {}, conversion('double')],
      ["string(double('1_000'))", {}, message('1000')],
      ["string(double('inf'))", {}, message('+Inf')],
      ["string(double('0x1.8p1'))", {}, message('3')],
      ["string(int('0x10'))", {}, conversion('int')],
      ["string(int(' 1'))", {}, conversion('int')],
      ["string(int('-42'))", {}, message('-42')],
      ["string(uint('+1'))", {}, conversion('uint')],
      ["string(uint(''))", {}, conversion('uint')],
      ["string(uint('18446744073709551615'))", {}, message('18446744073709551615')],
      ["bool('T') && !bool('F') ? 'Go booleans' : ''", {}, message('Go booleans')],
    ])('$expression', ({ expression, object, expected }) => expect(run(expression, object)).toEqual(expected));
  });

  describe('a type as the result is its name', () => {
    cases([
      ['type(object.spec.replicas)', { spec: { replicas: 3 } }, message('double')],
      ['type(null)', {}, message('null_type')],
      ['type(object.metadata.labels)', { metadata: { labels: { app: 'web' } } }, message('map')],
      ['type(object.list)', { list: [] }, message('list')],
      ["type(timestamp('2024-02-29T12:34:56Z'))", {}, message('google.protobuf.Timestamp')],
      ["type(duration('1s'))", {}, message('google.protobuf.Duration')],
      ['type(type(1))', {}, message('type')],
      ['type(1u)', {}, message('uint')],
    ])('$expression', ({ expression, object, expected }) => expect(run(expression, object)).toEqual(expected));
  });

  describe('has()', () => {
    cases([
      ["has(object.rules.verbs) ? 'verbs' : ''", { rules: [{ verbs: ['*'] }] }, error("unsupported index type 'string' in list")],
      ["has(object.metadata.name) ? 'named' : 'unnamed'", { metadata: [{ name: 'x' }] }, error("unsupported index type 'string' in list")],
      ["has(object.metadata.name.x) ? 'x' : 'no'", { metadata: { name: 'web' } }, message('no')],
      ["has(object.metadata.labels) ? 'labels' : 'none'", { metadata: { labels: null } }, message('labels')],
      ["has(object.metadata.labels) ? 'labels' : 'none'", { metadata: {} }, message('none')],
      ["has({'a': null}.a) && 'a' in {'a': null} && {'a': null} == {'a': null} ? 'present' : 'absent'", {}, message('present')],
    ])('$expression on $object', ({ expression, object, expected }) => expect(run(expression, object)).toEqual(expected));
  });

  it('matches() is RE2, as a method and as a function', () => {
    const object = { metadata: { name: 'web' } };
    expect(run("object.metadata.name.matches('(?i)^WEB$') ? 'RE2' : ''", object)).toEqual(message('RE2'));
    expect(run("matches(object.metadata.name, '(?i)^WEB$') ? 'global' : ''", object)).toEqual(message('global'));
    expect(run("'😀😀'.matches('^.{2}$') ? 'code points' : ''")).toEqual(message('code points'));
  });

  it('a result that is not a string is an error', () => {
    expect(run('object.spec.replicas', { spec: { replicas: 3 } })).toEqual(error('expected string, got 3'));
    expect(run('object.metadata.labels', { metadata: { labels: {} } })).toMatchObject({ error: expect.stringMatching(/^expected string, got /) });
    expect(run('null')).toEqual(error('expected string, got <nil>'));
  });
});

describe('what cel-go does not compile is a CelSyntaxError', () => {
  it.each([
    ["false && object.metadata.name.lowerAscii() == 'web' ? 'x' : ''", "<input>:1:30: undeclared reference to 'lowerAscii' (in container '')"],
    ["false && has(object.metadata.labels['app']) ? 'x' : ''", 'invalid argument to has() macro'],
    ["'a,b'.split(',').size() == 2 ? 'x' : ''", "undeclared reference to 'split'"],
    ["math.greatest(1, 2) == 2 ? 'x' : ''", "undeclared reference to 'math'"],
    ["cel.bind(x, 1, x + 1) == 2 ? 'x' : ''", "undeclared reference to 'bind'"],
    ["false && [1].existsOne(x, x == 1) ? 'x' : ''", "undeclared reference to 'existsOne'"],
    ["false && nosuch == 1 ? 'x' : ''", "undeclared reference to 'nosuch'"],
    ["false && contains('a', 'b') ? 'x' : ''", "found no matching overload for 'contains'"],
    ["false && 'a'.size(1) == 1 ? 'x' : ''", "found no matching overload for 'size'"],
    ['string(--9223372036854775808)', '<input>:1:10: invalid int literal'],
    ['string(1e999)', 'invalid double literal'],
    ['string(18446744073709551616u)', 'invalid uint literal'],
    ["object.?metadata.orValue('x')", '<input>:1:7: found .'],
    ['1 +', '<input>:1:3: found +'],
    ["'unterminated", '<input>:1:1:'],
  ])('%s', (expression, text) => {
    expect(() => compileCel(expression)).toThrow(CelSyntaxError);
    expect(() => compileCel(expression)).toThrow(text);
  });

  it('compiles what cel-go compiles', () => {
    for (const expression of [
      "[1, 2].exists(x, [3].all(y, y > x)) && {'a': 1}.exists_one(k, k == 'a') ? 'x' : ''",
      "type(object) == map && type(timestamp('2024-01-01T00:00:00Z')) == google.protobuf.Timestamp ? 'x' : ''",
      "string(- 9223372036854775808) + string(-9223372036854775808) + string(--1)",
      "string(timestamp('2024-01-01T00:00:00Z').getHours('Europe/Paris')) + string([1, 2].map(x, x > 1, x * 2))",
      "string(google.protobuf.Timestamp{seconds: 1})",
    ]) {
      expect(() => compileCel(expression), expression).not.toThrow();
    }
  });
});

describe('Go strconv', () => {
  /** Go's %g from JavaScript's shortest digits, derived another way: toExponential and toFixed. */
  function referenceG(x: number): string {
    if (Number.isNaN(x)) return 'NaN';
    if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
    const sign = x < 0 || Object.is(x, -0) ? '-' : '';
    const [mantissa = '', exponentText = ''] = Math.abs(x).toExponential().split('e');
    const exponent = Number(exponentText);
    if (exponent < -4 || exponent >= 6) return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
    const fractionDigits = Math.max(0, mantissa.replace('.', '').length - 1 - exponent);
    return `${sign}${Math.abs(x).toFixed(fractionDigits)}`;
  }

  it.each([
    [1e6, '1e+06'],
    [999999, '999999'],
    [999999.5, '999999.5'],
    [1e-4, '0.0001'],
    [1.2e-5, '1.2e-05'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [2 ** 64, '1.8446744073709552e+19'],
    [-2.5, '-2.5'],
    [1e100, '1e+100'],
  ])('formats %d as Go does: %s', (x, go) => expect(formatGoFloat(x, 'g')).toBe(go));

  it('formats any double as Go does, and reads back the same double', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const text = formatGoFloat(x, 'g');
        expect(text).toBe(referenceG(x));
        if (Number.isFinite(x)) expect(Object.is(parseGoFloat(text), x)).toBe(true);
        expect(text).toMatch(/^(NaN|[+-]Inf|-?\d+(\.\d+)?|-?\d(\.\d+)?e[+-]\d{2,3})$/);
      }),
      { numRuns: 20_000 },
    );
  });

  it("formats 'f' with the shortest digits and no exponent", () => {
    expect([1.5, 5400, 1e-9, -0.001, 1e21, 0].map((x) => formatGoFloat(x, 'f'))).toEqual(['1.5', '5400', '0.000000001', '-0.001', '1000000000000000000000', '0']);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = formatGoFloat(x, 'f');
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(x);
      }),
    );
  });

  it.each([
    ['0x1p-2', 0.25],
    ['0x1.8p1', 3],
    ['0X_1P+0', 1],
    ['0x1p-1074', 5e-324],
    ['0x1p-1075', 0],
    ['0x1.8p-1074', 1e-323],
    ['1e-400', 0],
    ['Infinity', Infinity],
    ['-inf', -Infinity],
    ['.5', 0.5],
    ['5.', 5],
    ['1_000.5', 1000.5],
    ['1e1_0', 1e10],
    ['-0', -0],
    ['1e400', undefined],
    ['0x1.fffffffffffff8p1023', undefined],
    ['0x10', undefined],
    ['+nan', undefined],
    ['infin', undefined],
    ['1__0', undefined],
    ['_1', undefined],
    ['1_', undefined],
    ['1_.5', undefined],
    ['', undefined],
    [' 1', undefined],
    ['1e', undefined],
    ['.', undefined],
  ])('ParseFloat(%j) is %d', (text, go) => expect(parseGoFloat(text)).toBe(go));

  it('ParseFloat reads NaN without a sign', () => {
    expect(parseGoFloat('nan')).toBeNaN();
    expect(parseGoFloat('NaN')).toBeNaN();
  });

  it('ParseFloat reads what JavaScript prints, with underscores between digits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.nat(), (x, at) => {
        const text = String(x);
        expect(Object.is(parseGoFloat(text), x)).toBe(true);
        const i = 1 + (at % Math.max(1, text.length - 1));
        const underscored = `${text.slice(0, i)}_${text.slice(i)}`;
        const betweenDigits = /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i] ?? '');
        expect(parseGoFloat(underscored)).toBe(betweenDigits ? x : undefined);
      }),
    );
  });

  it('ParseInt and ParseUint take decimal digits with a sign (ParseInt only), in range', () => {
    const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    fc.assert(
      fc.property(int64, (n) => {
        expect(parseGoInt(String(n))).toBe(n);
        expect(parseGoUint(String(n))).toBe(n >= 0n ? n : undefined);
        if (n >= 0n) expect(parseGoInt(`+${n}`)).toBe(n);
        expect(parseGoInt(` ${n}`)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 63n, max: 2n ** 70n }), (n) => {
        expect(parseGoInt(String(n))).toBeUndefined();
        expect(parseGoInt(String(-n - 1n))).toBeUndefined();
        expect(parseGoUint(String(n))).toBe(n < 2n ** 64n ? n : undefined);
      }),
    );
    expect([parseGoUint('+1'), parseGoInt('0x10'), parseGoInt('1_000'), parseGoInt(''), parseGoUint('007')]).toEqual([undefined, undefined, undefined, undefined, 7n]);
    expect([parseGoInt('-9223372036854775808'), parseGoInt('9223372036854775808'), parseGoUint('18446744073709551615'), parseGoUint('18446744073709551616')]).toEqual([
      -(2n ** 63n),
      undefined,
      2n ** 64n - 1n,
      undefined,
    ]);
  });
});
