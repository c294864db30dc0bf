/*
 * The parser of text/template (text/template/parse/parse.go), ported with its three-token
 * lookahead so that its error texts, and the lines they name, are Go's. The function map is
 * fixed: Go's builtins and Polaris' hasPrefix and hasSuffix.
 */
import { errorText } from './format.js';
import { runes } from './go-string.js';
import { Item, Lexer, tokenString, type ItemType, type Token } from './lex.js';
import type { ArgNode, BranchNode, CommandNode, ElseNode, EndNode, FieldNode, ListNode, Node, NumberNode, PipeNode, TemplateNode, VariableNode } from './nodes.js';
import { nodeString } from './nodes.js';
import { parseInt64, parseUint, unquote, unquoteChar } from './strconv.js';
import { isSpace } from './unicode.js';
import { parseGoFloat } from '../cel/go-strconv.js';

/** The names a template may call. */
export const FUNCTION_NAMES: ReadonlySet<string> = new Set([
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery',
  'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'hasPrefix', 'hasSuffix',
]);

const MAX_STACK_DEPTH = 10000;
/**
 * Rampart's limit on nested actions and parentheses. Go's parser recurses on a stack that grows
 * to a gigabyte; JavaScript's is about one megabyte, and this limit keeps well inside it, so that
 * how deep a template may nest does not depend on the caller's stack or the JIT.
 */
export const MAX_NESTING = 500;

/** A parse error, with Go's text. */
export class ParseError extends Error {}

const NO_TOKEN: Token = { typ: Item.Error, pos: 0, val: '', line: 0 };

type Operand = string | number | bigint;

export class Tree {
  name: string;
  parseName = '';
  root: ListNode | undefined;
  text = '';
  private lex: Lexer | undefined;
  private readonly token: Token[] = [NO_TOKEN, NO_TOKEN, NO_TOKEN];
  private peekCount = 0;
  private vars: string[] = [];
  private treeSet: Map<string, Tree> = new Map();
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;
  private nesting = { depth: 0 };

  constructor(name: string) {
    this.name = name;
  }

  // ----- tokens

  private next(): Token {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex!.nextItem();
    return this.token[this.peekCount]!;
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Token): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Token, t1: Token): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Token {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.lex!.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Token {
    for (;;) {
      const token = this.next();
      if (token.typ !== Item.Space) return token;
    }
  }

  private peekNonSpace(): Token {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // ----- errors

  errorf(format: string, ...args: Operand[]): never {
    this.root = undefined;
    throw new ParseError(errorText(errorText('template: %s:%d: %s', this.parseName, this.token[0]!.line, format), ...args));
  }

  private expect(expected: ItemType, context: string): Token {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(expected1: ItemType, expected2: ItemType, context: string): Token {
    const token = this.nextNonSpace();
    if (token.typ !== expected1 && token.typ !== expected2) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Token, context: string): never {
    if (token.typ === Item.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = errorText(' in action started at %s:%d', this.parseName, this.actionLine);
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf('%s%s', tokenString(token), extra);
    }
    this.errorf('unexpected %s in %s', tokenString(token), context);
  }

  // ----- parsing

  startParse(lex: Lexer, treeSet: Map<string, Tree>, nesting = { depth: 0 }): void {
    this.root = undefined;
    this.lex = lex;
    this.nesting = nesting;
    this.vars = ['$'];
    this.treeSet = treeSet;
    this.stackDepth = 0;
  }

  private stopParse(): void {
    this.lex = undefined;
    this.vars = [];
  }

  /** Parses the whole text into the set of templates; throws a ParseError. */
  static parse(name: string, text: string): Map<string, Tree> {
    const treeSet = new Map<string, Tree>();
    const t = new Tree(name);
    t.text = text;
    t.parseName = name;
    t.startParse(new Lexer(text), treeSet);
    t.parseTop();
    t.add();
    t.stopParse();
    return treeSet;
  }

  private add(): void {
    const tree = this.treeSet.get(this.name);
    if (tree === undefined || isEmptyTree(tree.root)) {
      this.treeSet.set(this.name, this);
      return;
    }
    if (!isEmptyTree(this.root)) this.errorf('template: multiple definition of template %q', this.name);
  }

  private newList(pos: number): ListNode {
    return { type: 'list', pos, tree: this, nodes: [] };
  }

  private parseTop(): void {
    this.root = this.newList(this.peek().pos);
    while (this.peek().typ !== Item.EOF) {
      if (this.peek().typ === Item.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === Item.Define) {
          const definition = new Tree('definition');
          definition.text = this.text;
          definition.parseName = this.parseName;
          definition.startParse(this.lex!, this.treeSet, this.nesting);
          definition.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf('unexpected %s', nodeString(n));
      this.root.nodes.push(n);
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf(Item.String, Item.RawString, context);
    const unquoted = unquote(name.val);
    if (unquoted === undefined) this.errorf('%s', 'invalid syntax');
    this.name = unquoted;
    this.expect(Item.RightDelim, context);
    const [root, end] = this.itemList();
    this.root = root;
    if (end.type !== 'end') this.errorf('unexpected %s in %s', nodeString(end), context);
    this.add();
    this.stopParse();
  }

  private itemList(): [ListNode, EndNode | ElseNode] {
    const list = this.newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== Item.EOF) {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Item.Text:
        return { type: 'text', pos: token.pos, tree: this, text: token.val };
      case Item.LeftDelim:
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
    }
    return this.unexpected(token, 'input');
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Item.Block:
        return this.nest(() => this.blockControl());
      case Item.Break:
      case Item.Continue:
        return this.breakOrContinue(token);
      case Item.Else:
        return this.elseControl();
      case Item.End:
        return { type: 'end', pos: this.expect(Item.RightDelim, 'end').pos, tree: this };
      case Item.If:
        return this.nest(() => this.branchControl('if'));
      case Item.Range:
        return this.nest(() => this.branchControl('range'));
      case Item.Template:
        return this.templateControl();
      case Item.With:
        return this.nest(() => this.branchControl('with'));
    }
    this.backup();
    const next = this.peek();
    return { type: 'action', pos: next.pos, tree: this, pipe: this.pipeline('command', Item.RightDelim) };
  }

  private breakOrContinue(keyword: Token): Node {
    const name = keyword.typ === Item.Break ? 'break' : 'continue';
    const token = this.nextNonSpace();
    if (token.typ !== Item.RightDelim) this.unexpected(token, `{{${name}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${name}}} outside {{range}}`);
    return name === 'break' ? { type: 'break', pos: keyword.pos, tree: this } : { type: 'continue', pos: keyword.pos, tree: this };
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: first.pos, tree: this, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== Item.Variable) break;
      this.next();
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === Item.Assign || next.typ === Item.Declare) {
        pipe.isAssign = next.typ === Item.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === Item.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace().typ;
          if (after === Item.Variable || after === Item.RightDelim || after === Item.RightParen) continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf('too many declarations in %s', context);
      } else if (tokenAfterVariable.typ === Item.Space) this.backup3(v, tokenAfterVariable);
      else this.backup2(v);
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      switch (token.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case Item.Bool:
        case Item.CharConstant:
        case Item.Complex:
        case Item.Dot:
        case Item.Field:
        case Item.Identifier:
        case Item.Number:
        case Item.Nil:
        case Item.RawString:
        case Item.String:
        case Item.Variable:
        case Item.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf('missing value for %s', context);
    pipe.cmds.slice(1).forEach((c, i) => {
      const first = c.args[0]!.type;
      if (first === 'bool' || first === 'dot' || first === 'nil' || first === 'number' || first === 'string') this.errorf('non executable command in pipeline stage %d', i + 2);
    });
  }

  private branchControl(context: 'if' | 'range' | 'with'): BranchNode {
    const depth = this.vars.length;
    try {
      const pipe = this.pipeline(context, Item.RightDelim);
      if (context === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next.type === 'else') {
        if ((context === 'if' && this.peek().typ === Item.If) || (context === 'with' && this.peek().typ === Item.With)) {
          this.next();
          elseList = this.newList(next.pos);
          elseList.nodes.push(this.branchControl(context));
        } else {
          let end: EndNode | ElseNode;
          [elseList, end] = this.itemList();
          if (end.type !== 'end') this.errorf('expected end; found %s', nodeString(end));
        }
      }
      return { type: context, pos: pipe.pos, tree: this, pipe, list, elseList };
    } finally {
      this.vars.length = depth;
    }
  }

  private elseControl(): ElseNode {
    const peek = this.peekNonSpace();
    if (peek.typ === Item.If || peek.typ === Item.With) return { type: 'else', pos: peek.pos, tree: this };
    return { type: 'else', pos: this.expect(Item.RightDelim, 'else').pos, tree: this };
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, Item.RightDelim);
    const block = new Tree(name);
    block.text = this.text;
    block.parseName = this.parseName;
    block.startParse(this.lex!, this.treeSet, this.nesting);
    const [root, end] = block.itemList();
    block.root = root;
    if (end.type !== 'end') this.errorf('unexpected %s in %s', nodeString(end), context);
    block.add();
    block.stopParse();
    return { type: 'template', pos: token.pos, tree: this, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().typ !== Item.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Item.RightDelim);
    }
    return { type: 'template', pos: token.pos, tree: this, name, pipe };
  }

  private parseTemplateName(token: Token, context: string): string {
    if (token.typ === Item.String || token.typ === Item.RawString) {
      const name = unquote(token.val);
      if (name === undefined) this.errorf('%s', 'invalid syntax');
      return name;
    }
    return this.unexpected(token, context);
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, tree: this, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === Item.Space) continue;
      if (token.typ === Item.RightDelim || token.typ === Item.RightParen) this.backup();
      else if (token.typ !== Item.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (node === undefined) return undefined;
    if (this.peek().typ !== Item.Field) return node;
    const pos = this.peek().pos;
    const field: string[] = [];
    while (this.peek().typ === Item.Field) field.push(this.next().val.slice(1));
    const chain = nodeString({ type: 'chain', pos, tree: this, node, field });
    switch (node.type) {
      case 'field':
        return this.newField(pos, chain);
      case 'variable':
        return this.newVariable(pos, chain);
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf('unexpected . after term %q', nodeString(node));
    }
    return { type: 'chain', pos, tree: this, node, field };
  }

  private newField(pos: number, ident: string): FieldNode {
    return { type: 'field', pos, tree: this, ident: ident.slice(1).split('.') };
  }

  private newVariable(pos: number, ident: string): VariableNode {
    return { type: 'variable', pos, tree: this, ident: ident.split('.') };
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Item.Identifier:
        if (!FUNCTION_NAMES.has(token.val)) this.errorf('function %q not defined', token.val);
        return { type: 'identifier', pos: token.pos, tree: this, ident: token.val };
      case Item.Dot:
        return { type: 'dot', pos: token.pos, tree: this };
      case Item.Nil:
        return { type: 'nil', pos: token.pos, tree: this };
      case Item.Variable:
        return this.useVar(token.pos, token.val);
      case Item.Field:
        return this.newField(token.pos, token.val);
      case Item.Bool:
        return { type: 'bool', pos: token.pos, tree: this, value: token.val === 'true' };
      case Item.CharConstant:
      case Item.Complex:
      case Item.Number: {
        const number = newNumber(this, token);
        if (typeof number === 'string') this.errorf('%s', number);
        return number;
      }
      case Item.LeftParen:
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.nest(() => this.pipeline('parenthesized pipeline', Item.RightParen));
        } finally {
          this.stackDepth--;
        }
      case Item.String:
      case Item.RawString: {
        const text = unquote(token.val);
        if (text === undefined) this.errorf('%s', 'invalid syntax');
        return { type: 'string', pos: token.pos, tree: this, quoted: token.val, text };
      }
    }
    this.backup();
    return undefined;
  }

  private nest<T>(parse: () => T): T {
    if (this.nesting.depth >= MAX_NESTING) this.errorf('actions and parentheses nested deeper than %d levels', MAX_NESTING);
    this.nesting.depth++;
    try {
      return parse();
    } finally {
      this.nesting.depth--;
    }
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.ident[0]!)) this.errorf('undefined variable %q', v.ident[0]!);
    return v;
  }
}

/** parse.IsEmptyTree: nothing but space (Unicode's, as bytes.TrimSpace trims). */
function isEmptyTree(n: Node | undefined): boolean {
  if (n === undefined) return true;
  switch (n.type) {
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      for (const { rune } of runes(n.text)) if (!isSpace(rune)) return false;
      return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Numbers: parse.newNumber

function number(tree: Tree, token: Token, fields: Partial<NumberNode>): NumberNode {
  return {
    type: 'number', pos: token.pos, tree, text: token.val,
    isInt: false, isUint: false, isFloat: false, isComplex: false, int64: 0n, float64: 0, complex: [0, 0],
    ...fields,
  };
}

/** strconv.ParseFloat's error text for text it refuses. */
function parseFloatError(text: string): string {
  const outOfRange =
    (/^[+-]?(?:[\d_]+\.?[\d_]*|\.[\d_]+)(?:[eE][+-]?[\d_]+)?$/.test(text) && !Number.isFinite(Number(text.replaceAll('_', '')))) ||
    /^[+-]?0[xX](?:[\da-fA-F]+\.?[\da-fA-F]*|\.[\da-fA-F]+)[pP][+-]?\d+$/.test(text);
  return `strconv.ParseFloat: parsing ${JSON.stringify(text)}: ${outOfRange ? 'value out of range' : 'invalid syntax'}`;
}

/** fmt.Sscan of a complex constant such as "1+2i" (scan.go's complexTokens and convertFloat); an error text when it fails. */
function scanComplex(text: string): [number, number] | string {
  let i = 0;
  let buf = '';
  const accept = (ok: string): boolean => {
    if (i >= text.length || !ok.includes(text[i]!)) return false;
    buf += text[i++];
    return true;
  };
  const floatToken = (): string => {
    buf = '';
    if (accept('nN') && accept('aA') && accept('nN')) return buf;
    accept('+-');
    if (accept('iI') && accept('nN') && accept('fF')) return buf;
    let digits = '0123456789_';
    let exponent = 'eEpP';
    if (accept('0') && accept('xX')) {
      digits = '0123456789aAbBcCdDeEfF_';
      exponent = 'pP';
    }
    while (accept(digits));
    if (accept('.')) while (accept(digits));
    if (accept(exponent)) {
      accept('+-');
      while (accept('0123456789_'));
    }
    return buf;
  };
  const real = floatToken();
  buf = '';
  if (!accept('+-')) return 'syntax error scanning complex number';
  const imaginary = buf + floatToken();
  if (!accept('i')) return 'syntax error scanning complex number';
  const parts: number[] = [];
  for (const part of [real, imaginary]) {
    // The lexer gives a binary exponent to hexadecimal mantissas only, which strconv reads.
    const value = parseGoFloat(part);
    if (value === undefined) return parseFloatError(part);
    parts.push(value);
  }
  return [parts[0]!, parts[1]!];
}

function newNumber(tree: Tree, token: Token): NumberNode | string {
  const text = token.val;
  if (token.typ === Item.CharConstant) {
    const c = unquoteChar(text.slice(1), text[0]!);
    if (c === undefined) return 'invalid syntax';
    if (c.tail !== "'") return `malformed character constant: ${text}`;
    return number(tree, token, { isInt: true, isUint: true, isFloat: true, int64: BigInt(c.value), float64: c.value });
  }
  if (token.typ === Item.Complex) {
    const c = scanComplex(text);
    if (typeof c === 'string') return c;
    return number(tree, token, { isComplex: true, complex: c, isFloat: c[1] === 0, float64: c[0] });
  }
  if (text.endsWith('i')) {
    const f = parseGoFloat(text.slice(0, -1));
    if (f !== undefined) return number(tree, token, { isComplex: true, complex: [0, f], isFloat: f === 0 });
  }
  const u = parseUint(text);
  const i = parseInt64(text);
  if ('value' in i) return number(tree, token, { isInt: true, isUint: 'value' in u || i.value === 0n, isFloat: true, int64: i.value, float64: Number(i.value) });
  if ('value' in u) return number(tree, token, { isUint: true, isFloat: true, float64: Number(u.value) });
  const f = parseGoFloat(text);
  if (f !== undefined) {
    if (!/[.eEpP]/.test(text)) return errorText('integer overflow: %q', text);
    return number(tree, token, { isFloat: true, float64: f });
  }
  return errorText('illegal number syntax: %q', text);
}
