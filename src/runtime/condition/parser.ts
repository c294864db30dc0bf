import type { Expr, FieldLike, FieldNode, ListNode, Operand, Pos, TransformerNode, ValueNode } from './ast.js';
import { unescapeQuoted } from './escaping.js';

/**
 * Falco's condition grammar, a port of libsinsp's recursive-descent parser
 * (userspace/libsinsp/filter/parser.cpp): same productions, tokens, precedence (`not` binds tighter
 * than `and`, which binds tighter than `or`), same error messages and error positions.
 */

const SPACE = '[ \\t\\n\\v\\f\\r]';
const RGX_NOT_BLANK = new RegExp(`not${SPACE}+`, 'y');
const RGX_IDENTIFIER = /[a-zA-Z]+[a-zA-Z0-9_]*/y;
const RGX_FIELD_NAME = /[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+/y;
const RGX_FIELD_ARG_BARE = /[^\]["' \t\n\v\f\r]+/y;
const RGX_HEX_NUM = /0[xX][0-9a-fA-F]+/y;
const RGX_NUMBER = /[+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?/y;
const RGX_BARE_STR = /[^()"' \t\n\v\f\r=,]+/y;

export const UNARY_OPS = ['exists'] as const;
export const NUM_OPS = ['<=', '<', '>=', '>'] as const;
// A trailing space means the operator must be followed by a blank, as upstream.
const STR_OPS = ['==', '=', '!=', 'glob ', 'iglob ', 'contains ', 'icontains ', 'bcontains ', 'startswith ', 'bstartswith ', 'endswith ', 'regex '] as const;
export const LIST_OPS = ['intersects', 'in', 'pmatch'] as const;
const TRANSFORMER_VAL = 'val(';
const TRANSFORMERS = ['tolower(', 'toupper(', 'b64(', 'basename(', 'len('] as const;

/** Every operator the grammar accepts, trimmed, in upstream's order. */
export const SUPPORTED_OPERATORS: readonly string[] = [...UNARY_OPS, ...NUM_OPS, ...STR_OPS.map((o) => o.trim()), ...LIST_OPS];
export const SUPPORTED_TRANSFORMERS: readonly string[] = ['val', ...TRANSFORMERS.map((t) => t.slice(0, -1))];

const quoteList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export class ConditionSyntaxError extends Error {
  constructor(message: string, readonly pos: Pos) {
    super(message);
  }
}

const MAX_DEPTH = 1000;

export class ConditionParser {
  private idx = 0;
  private line = 1;
  private col = 1;
  private depth = 0;
  private lastToken = '';

  constructor(private readonly input: string) {}

  get pos(): Pos {
    return { idx: this.idx, line: this.line, col: this.col };
  }

  parse(): Expr {
    if (this.input.length === 0) this.fail('filter input string is empty');
    const result = this.parseOr();
    if (this.idx !== this.input.length) this.fail(`unexpected token after '${this.lastToken}', expecting 'or', 'and'`);
    return result;
  }

  private fail(message: string): never {
    throw new ConditionSyntaxError(message, this.pos);
  }

  private guard<T>(fn: () => T): T {
    if (++this.depth >= MAX_DEPTH) this.fail(`exceeded max depth limit of ${MAX_DEPTH}`);
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private parseOr(): Expr {
    return this.guard(() => this.parseJunction('or', () => this.parseAnd()));
  }

  private parseAnd(): Expr {
    return this.guard(() => this.parseJunction('and', () => this.parseNot()));
  }

  private parseJunction(word: 'and' | 'or', next: () => Expr): Expr {
    const pos = this.pos;
    const children: Expr[] = [];
    this.lexBlank();
    children.push(next());
    this.lexBlank();
    while (this.lexStr(word)) {
      if (!this.lexBlank()) {
        if (this.lexStr('(')) children.push(this.parseEmbeddedRemainder());
        else this.fail(`expected blank or '(' after '${word}'`);
      } else children.push(next());
      this.lexBlank();
    }
    const [first] = children;
    if (children.length === 1 && first) return first;
    return { kind: word, children, pos };
  }

  private parseNot(): Expr {
    return this.guard(() => {
      const pos = this.pos;
      let negated = false;
      this.lexBlank();
      while (this.lexRegex(RGX_NOT_BLANK)) negated = !negated;
      let child: Expr;
      if (this.lexStr('not(')) {
        negated = !negated;
        child = this.parseEmbeddedRemainder();
      } else child = this.parseCheck();
      return negated ? { kind: 'not', child, pos } : child;
    });
  }

  private parseEmbeddedRemainder(): Expr {
    return this.guard(() => {
      this.lexBlank();
      const child = this.parseOr();
      this.lexBlank();
      if (!this.lexStr(')')) this.fail("expected a ')' token");
      return child;
    });
  }

  private parseCheck(): Expr {
    return this.guard((): Expr => {
      const pos = this.pos;
      this.lexBlank();
      if (this.lexStr('(')) return this.parseEmbeddedRemainder();
      if (this.lexRegex(RGX_FIELD_NAME)) return this.parseCondition(this.parseFieldRemainder(this.lastToken, pos), pos);
      if (this.lexList(TRANSFORMERS)) {
        this.lexBlank();
        return this.parseCondition(this.parseTransformerRemainder(this.lastToken.slice(0, -1), pos), pos);
      }
      if (this.lexRegex(RGX_IDENTIFIER)) return { kind: 'identifier', name: this.lastToken, pos };
      this.fail("expected a '(' token, a field check, or an identifier");
    });
  }

  private parseFieldRemainder(name: string, pos: Pos): FieldNode {
    return this.guard(() => {
      if (!this.lexStr('[')) return { kind: 'field', name, pos };
      if (!this.lexQuoted() && !this.lexRegex(RGX_FIELD_ARG_BARE)) this.fail('expected a valid field argument: a quoted string or a bare string');
      const arg = this.lastToken;
      if (!this.lexStr(']')) this.fail("expected a ']' token");
      return { kind: 'field', name, arg, pos };
    });
  }

  private parseTransformerRemainder(name: string, pos: Pos): TransformerNode {
    return this.guard(() => {
      this.lexBlank();
      const args: Operand[] = [];
      do {
        args.push(this.parseTransformerArg(this.pos));
        this.lexBlank();
      } while (this.lexStr(','));
      this.lexBlank();
      if (!this.lexStr(')')) this.fail("expected a ')' token closing the transformer");
      return { kind: 'transformer', name, args, pos };
    });
  }

  private parseTransformerArg(pos: Pos): Operand {
    return this.guard((): Operand => {
      this.lexBlank();
      if (this.lexRegex(RGX_HEX_NUM) || this.lexRegex(RGX_NUMBER)) return { kind: 'value', value: this.lastToken, pos };
      if (this.lexQuoted()) return { kind: 'value', value: this.lastToken, pos };
      if (this.lexList(TRANSFORMERS)) return this.parseTransformerRemainder(this.lastToken.slice(0, -1), pos);
      if (this.lexRegex(RGX_FIELD_NAME)) return this.parseFieldRemainder(this.lastToken, pos);
      this.fail('expected field transformer argument: field, transformer, quoted string, number, or transformer list');
    });
  }

  private parseCondition(left: FieldLike, pos: Pos): Expr {
    return this.guard((): Expr => {
      this.lexBlank();
      if (this.lexList(UNARY_OPS)) return { kind: 'unary', left, op: this.lastToken.trim(), pos };
      this.lexBlank();
      let right: Operand;
      let op: string;
      if (this.lexList(NUM_OPS)) {
        op = this.lastToken;
        right = this.parseNumValueOrTransformer();
      } else if (this.lexList(STR_OPS)) {
        op = this.lastToken;
        right = this.parseStrValueOrTransformer(false);
      } else if (this.lexList(LIST_OPS)) {
        op = this.lastToken;
        right = this.parseListValueOrTransformer();
      } else this.fail(`expected a valid check operator: one of ${quoteList(SUPPORTED_OPERATORS)}`);
      return { kind: 'binary', left, op: op.trim(), right, pos };
    });
  }

  private parseNumValueOrTransformer(): Operand {
    return this.guard((): Operand => {
      this.lexBlank();
      const pos = this.pos;
      const t = this.tryParseTransformerOrVal();
      if (t) return t;
      if (this.lexRegex(RGX_HEX_NUM) || this.lexRegex(RGX_NUMBER)) return { kind: 'value', value: this.lastToken, pos };
      this.fail(`expected a number value or a field with a valid transformer: ${quoteList(SUPPORTED_TRANSFORMERS)}`);
    });
  }

  private parseStrValueOrTransformer(noTransformer: boolean): Operand {
    return this.guard((): Operand => {
      this.lexBlank();
      const pos = this.pos;
      if (!noTransformer) {
        const t = this.tryParseTransformerOrVal();
        if (t) return t;
      }
      if (this.lexQuoted() || this.lexRegex(RGX_BARE_STR)) return { kind: 'value', value: this.lastToken, pos };
      if (noTransformer) this.fail('expected a string value');
      this.fail(`expected a string value or a field with a valid transformer: ${quoteList(SUPPORTED_TRANSFORMERS)}`);
    });
  }

  private parseListValueOrTransformer(): Operand {
    return this.guard((): Operand => {
      this.lexBlank();
      const pos = this.pos;
      if (this.lexStr('(')) {
        const values: string[] = [];
        this.lexBlank();
        let first: Operand | undefined;
        try {
          first = this.parseStrValueOrTransformer(true);
        } catch (error) {
          if (!(error instanceof ConditionSyntaxError)) throw error;
        }
        if (first?.kind === 'value') {
          values.push(first.value);
          this.lexBlank();
          while (this.lexStr(',')) {
            const next = this.parseStrValueOrTransformer(true);
            if (next.kind === 'value') values.push(next.value);
            this.lexBlank();
          }
        }
        if (!this.lexStr(')')) this.fail("expected a ')' token");
        const list: ListNode = { kind: 'list', values, pos };
        return list;
      }
      const t = this.tryParseTransformerOrVal();
      if (t) return t;
      if (this.lexRegex(RGX_IDENTIFIER)) {
        const value: ValueNode = { kind: 'value', value: this.lastToken, pos };
        return value;
      }
      this.fail(`expected a list, an identifier, or a field with a valid transformer: ${quoteList(SUPPORTED_TRANSFORMERS)}`);
    });
  }

  private tryParseTransformerOrVal(): TransformerNode | undefined {
    return this.guard(() => {
      this.lexBlank();
      const pos = this.pos;
      if (this.lexStr(TRANSFORMER_VAL)) {
        this.lexBlank();
        const fieldPos = this.pos;
        if (!this.lexRegex(RGX_FIELD_NAME)) this.fail("expected a field within 'val' transformer");
        const child = this.parseFieldRemainder(this.lastToken, fieldPos);
        this.lexBlank();
        if (!this.lexStr(')')) this.fail("expected a ')' token closing the transformer");
        const node: TransformerNode = { kind: 'transformer', name: 'val', args: [child], pos };
        return node;
      }
      if (this.lexList(TRANSFORMERS)) {
        this.lexBlank();
        return this.parseTransformerRemainder(this.lastToken.slice(0, -1), pos);
      }
      return undefined;
    });
  }

  // --- lexer -------------------------------------------------------------------------------

  private advance(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      this.col++;
      if (c === 13 || c === 10) {
        this.col = 1;
        this.line++;
      }
      this.idx++;
    }
  }

  /** Blanks as upstream: space, tab, backspace, CR, LF. The only lexer step that keeps lastToken. */
  private lexBlank(): boolean {
    let found = false;
    for (;;) {
      const c = this.input.charCodeAt(this.idx);
      if (c === 32 || c === 9 || c === 8 || c === 13 || c === 10) {
        found = true;
        this.advance(this.input.charAt(this.idx));
      } else return found;
    }
  }

  private lexStr(text: string): boolean {
    if (!this.input.startsWith(text, this.idx)) return false;
    this.lastToken = text;
    this.advance(text);
    return true;
  }

  private lexList(list: readonly string[]): boolean {
    return list.some((t) => this.lexStr(t));
  }

  private lexRegex(rgx: RegExp): boolean {
    rgx.lastIndex = this.idx;
    const m = rgx.exec(this.input);
    if (!m) return false;
    this.lastToken = m[0];
    this.advance(m[0]);
    return true;
  }

  private lexQuoted(): boolean {
    const delimiter = this.input.charAt(this.idx);
    if (delimiter !== '"' && delimiter !== "'") return false;
    let prev = '\\';
    for (let i = this.idx; i < this.input.length; i++) {
      const c = this.input.charAt(i);
      if (c === delimiter && prev !== '\\') {
        const raw = this.input.slice(this.idx, i + 1);
        const start = this.pos;
        this.advance(raw);
        try {
          this.lastToken = unescapeQuoted(raw);
        } catch (error) {
          throw new ConditionSyntaxError(error instanceof Error ? error.message : String(error), start);
        }
        return true;
      }
      prev = c;
    }
    return false;
  }
}

/** Parses a condition; throws ConditionSyntaxError with upstream's message and position. */
export function parseCondition(input: string): Expr {
  return new ConditionParser(input).parse();
}
