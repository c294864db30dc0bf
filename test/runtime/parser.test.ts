import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/runtime/condition/ast.js';
import { ConditionSyntaxError, parseCondition } from '../../src/runtime/condition/parser.js';

const shape = (e: Expr): unknown => {
  switch (e.kind) {
    case 'and':
    case 'or':
      return { [e.kind]: e.children.map(shape) };
    case 'not':
      return { not: shape(e.child) };
    case 'identifier':
      return e.name;
    case 'unary':
      return [e.left.kind === 'field' ? e.left.name : e.left.name, e.op];
    case 'binary': {
      const left = e.left.kind === 'field' ? (e.left.arg === undefined ? e.left.name : `${e.left.name}[${e.left.arg}]`) : `${e.left.name}(…)`;
      const right = e.right.kind === 'value' ? e.right.value : e.right.kind === 'list' ? e.right.values : e.right.kind;
      return [left, e.op, right];
    }
  }
};

const err = (input: string) => {
  try {
    parseCondition(input);
  } catch (e) {
    if (e instanceof ConditionSyntaxError) return e.message;
    throw e;
  }
  return undefined;
};

describe('condition grammar (libsinsp parser)', () => {
  it('binds not tighter than and, and tighter than or', () => {
    expect(shape(parseCondition('a or b and not c'))).toEqual({ or: ['a', { and: ['b', { not: 'c' }] }] });
    expect(shape(parseCondition('not a and b'))).toEqual({ and: [{ not: 'a' }, 'b'] });
    expect(shape(parseCondition('not not a'))).toEqual('a');
    expect(shape(parseCondition('not (a or b)'))).toEqual({ not: { or: ['a', 'b'] } });
    expect(shape(parseCondition('not(a)'))).toEqual({ not: 'a' });
    expect(shape(parseCondition('a and(b or c)'))).toEqual({ and: ['a', { or: ['b', 'c'] }] });
  });

  it('parses checks, lists, field arguments and values', () => {
    expect(shape(parseCondition('proc.name=cat'))).toEqual(['proc.name', '=', 'cat']);
    expect(shape(parseCondition('proc.name in (cat, "a b", \'c\')'))).toEqual(['proc.name', 'in', ['cat', 'a b', 'c']]);
    expect(shape(parseCondition('proc.name in ()'))).toEqual(['proc.name', 'in', []]);
    expect(shape(parseCondition('proc.aname[2] = bash'))).toEqual(['proc.aname[2]', '=', 'bash']);
    expect(shape(parseCondition('ka.uri.param["a b"] exists'))).toEqual(['ka.uri.param', 'exists']);
    expect(shape(parseCondition('fd.num >= 0x10'))).toEqual(['fd.num', '>=', '0x10']);
    expect(shape(parseCondition('fd.name pmatch my_list'))).toEqual(['fd.name', 'pmatch', 'my_list']);
    expect(shape(parseCondition('tolower(proc.name) = cat'))).toEqual(['tolower(…)', '=', 'cat']);
    expect(shape(parseCondition('proc.name = val(proc.pname)'))).toEqual(['proc.name', '=', 'transformer']);
    expect(shape(parseCondition('proc.name regex "[a-z]+"'))).toEqual(['proc.name', 'regex', '[a-z]+']);
  });

  it('unescapes quoted strings as libsinsp does', () => {
    const value = (input: string) => {
      const e = parseCondition(input);
      return e.kind === 'binary' && e.right.kind === 'value' ? e.right.value : undefined;
    };
    expect(value('a.b = "x\\ty"')).toBe('x\ty');
    expect(value("a.b = 'it\\'s'")).toBe("it's");
    expect(value('a.b = "q\\"q"')).toBe('q"q');
    expect(value('a.b = "a\\\\b"')).toBe('a\\b');
    expect(value('a.b = "a\\/b"')).toBe('a/b');
    expect(err("a.b = 'x\\\"y'")).toBe("invalid \\\" escape in '-quoted string");
    expect(err('a.b = "\\q"')).toBe('unsupported string escape sequence: \\q');
  });

  it('reports upstream errors', () => {
    expect(err('evt.type=execve foo')).toBe("unexpected token after 'execve', expecting 'or', 'and'");
    expect(err('a and')).toBe("expected blank or '(' after 'and'");
    expect(err('(a')).toBe("expected a ')' token");
    expect(err('')).toBe('filter input string is empty');
    expect(err('proc.name ~ x')).toMatch(/^expected a valid check operator: one of 'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch'$/);
    expect(err('proc.name in (a')).toBe("expected a ')' token");
    expect(err('proc.aname[2 = x')).toBe("expected a ']' token");
  });

  it('requires a space after word operators, as upstream (not a tab)', () => {
    expect(err('proc.name containsx')).toMatch(/expected a valid check operator/);
    expect(err('proc.name contains\tx')).toMatch(/expected a valid check operator/);
    expect(shape(parseCondition('proc.name contains  x'))).toEqual(['proc.name', 'contains', 'x']);
  });

  it('never throws anything but a syntax error, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        try {
          parseCondition(s);
        } catch (e) {
          expect(e).toBeInstanceOf(ConditionSyntaxError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parses printed and/or/not trees back to the same evaluation (property)', () => {
    type T = { v: number } | { not: T } | { and: [T, T] } | { or: [T, T] };
    const tree = fc.letrec<{ t: T }>((tie) => ({
      t: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.record({ v: fc.integer({ min: 0, max: 3 }) }), fc.record({ not: tie('t') }), fc.record({ and: fc.tuple(tie('t'), tie('t')) }), fc.record({ or: fc.tuple(tie('t'), tie('t')) })),
    })).t;
    const print = (t: T): string => ('v' in t ? `m${t.v}` : 'not' in t ? `not (${print(t.not)})` : 'and' in t ? `(${print(t.and[0])} and ${print(t.and[1])})` : `(${print(t.or[0])} or ${print(t.or[1])})`);
    const evalT = (t: T, env: boolean[]): boolean => ('v' in t ? (env[t.v] ?? false) : 'not' in t ? !evalT(t.not, env) : 'and' in t ? evalT(t.and[0], env) && evalT(t.and[1], env) : evalT(t.or[0], env) || evalT(t.or[1], env));
    const evalE = (e: Expr, env: boolean[]): boolean => {
      switch (e.kind) {
        case 'and':
          return e.children.every((c) => evalE(c, env));
        case 'or':
          return e.children.some((c) => evalE(c, env));
        case 'not':
          return !evalE(e.child, env);
        case 'identifier':
          return env[Number(e.name.slice(1))] ?? false;
        default:
          throw new Error('unexpected');
      }
    };
    fc.assert(
      fc.property(tree, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (t, env) => {
        expect(evalE(parseCondition(print(t)), env)).toBe(evalT(t, env));
      }),
      { numRuns: 500 },
    );
  });
});
