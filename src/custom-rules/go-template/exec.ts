/*
 * Execution of a parsed template (text/template/exec.go): the walk over the tree, pipelines,
 * field chains, function calls with Go's argument checks, variables, range, template calls and
 * break/continue, with the node that an error happened at tracked exactly as Go does, since the
 * error text quotes it. Missing map keys give "no value" (Go's default missingkey option).
 */
import { errorText, sprint, type Operand } from './format.js';
import { byteLength, canonical } from './go-string.js';
import { asAny, FUNCTIONS, FunctionError, type GoFunction, type Param } from './funcs.js';
import { nodeString, type ArgNode, type BranchNode, type ChainNode, type CommandNode, type FieldNode, type IdentifierNode, type Node, type NumberNode, type PipeNode, type TemplateNode, type VariableNode } from './nodes.js';
import type { Tree } from './parse.js';
import { bool, indirectInterface, int, INVALID, isTrue, MISSING, NIL_INTERFACE, sliceElement, sortedKeys, str, typeName } from './values.js';
import type { Concrete, Value } from './values.js';

/** Go's limit on nested template calls. */
const MAX_EXEC_DEPTH = 100000;
/** Rampart's limits, which Go does not have: the size of the output (and of any string made), and steps of execution. */
export const MAX_OUTPUT = 10 * 1024 * 1024;
export const MAX_STEPS = 10_000_000;
/**
 * And a limit on nesting, of actions walked and pipelines evaluated, template calls included, to
 * keep inside JavaScript's stack (where Go's grows to a gigabyte): how deep a template may go does
 * not depend on the caller's stack or the JIT.
 */
export const MAX_DEPTH = 1000;

/** An execution error, with Go's text. */
export class ExecError extends Error {}

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

interface Variable {
  readonly name: string;
  value: Value;
}

/** What every template call of one execution shares. */
interface Run {
  readonly templates: ReadonlyMap<string, Tree>;
  readonly output: string[];
  size: number;
  steps: number;
  depth: number;
}

function doublePercent(s: string): string {
  return s.replaceAll('%', '%%');
}

/** Tree.ErrorContext: "NAME:LINE:COLUMN" (the column in bytes, from 0) and the node's text. */
function errorContext(node: Node): { location: string; context: string } {
  const text = node.tree.text.slice(0, node.pos);
  const lastNewline = text.lastIndexOf('\n');
  const column = byteLength(lastNewline === -1 ? text : text.slice(lastNewline + 1));
  const line = text.split('\n').length;
  return { location: `${node.tree.parseName}:${line}:${column}`, context: nodeString(node) };
}

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);
}

class State {
  private node: Node | undefined;

  constructor(
    private readonly run: Run,
    private readonly name: string,
    private readonly vars: Variable[],
    private readonly depth: number,
  ) {}

  private at(node: Node): void {
    this.node = node;
  }

  errorf(format: string, ...args: (string | number | bigint | Operand)[]): never {
    const name = doublePercent(this.name);
    if (this.node === undefined) format = errorText('template: %s: %s', name, format);
    else {
      const { location, context } = errorContext(this.node);
      format = errorText('template: %s: executing %q at <%s>: %s', location, name, doublePercent(context), format);
    }
    throw new ExecError(errorText(format, ...args));
  }

  private write(text: string): void {
    this.run.size += Buffer.byteLength(text);
    if (this.run.size > MAX_OUTPUT) this.errorf('output exceeds %d bytes', MAX_OUTPUT);
    this.run.output.push(text);
  }

  private step(): void {
    if (++this.run.steps > MAX_STEPS) this.errorf('execution exceeds %d steps', MAX_STEPS);
  }

  // ----- variables

  private push(name: string, value: Value): void {
    this.vars.push({ name, value });
  }

  private pop(mark: number): void {
    this.vars.length = mark;
  }

  private setVar(name: string, value: Value): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf('undefined variable: %s', name);
  }

  private setTopVar(n: number, value: Value): void {
    this.vars[this.vars.length - n]!.value = value;
  }

  private varValue(name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    return this.errorf('undefined variable: %s', name);
  }

  // ----- walk

  private enter(node: Node): void {
    if (++this.run.depth > MAX_DEPTH) {
      this.at(node);
      this.errorf('actions, pipelines and template calls nested deeper than %d levels', MAX_DEPTH);
    }
  }

  walk(dot: Value, node: Node): void {
    this.step();
    this.enter(node);
    try {
      this.walkNode(dot, node);
    } finally {
      this.run.depth--;
    }
  }

  private walkNode(dot: Value, node: Node): void {
    this.at(node);
    switch (node.type) {
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, value);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node);
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'text':
        return this.write(node.text);
    }
    this.errorf('unknown node: %s', nodeString(node));
  }

  private walkIfOrWith(dot: Value, node: BranchNode): void {
    const mark = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      if (isTrue(indirectInterface(value))) this.walk(node.type === 'with' ? value : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: Value, r: BranchNode): void {
    this.at(r);
    const outer = this.vars.length;
    try {
      const value = this.evalPipeline(dot, r.pipe);
      const mark = this.vars.length;
      const decl = r.pipe.decl;
      const iteration = (index: Value, elem: Value): void => {
        this.step();
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : elem);
          else this.setTopVar(1, elem);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem);
          else this.setTopVar(2, index);
        }
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.pop(mark);
        }
      };
      switch (value.kind) {
        case 'int':
        case 'int64':
        case 'uint8':
          if (decl.length > 1) this.errorf("can't use %v to iterate over more than one variable", value);
          if (value.value <= 0n) break;
          for (let i = 0n; i < value.value; i++) iteration(INVALID, { kind: value.kind, value: i });
          return;
        case 'slice':
          if (value.length === 0) break;
          for (let i = 0; i < value.length; i++) iteration(int(i), sliceElement(value, i));
          return;
        case 'map':
          if (value.entries.size === 0) break;
          for (const key of sortedKeys(value)) iteration(str(key), value.entries.get(key)!);
          return;
        case 'invalid':
          break;
        default:
          this.errorf("range can't iterate over %v", value);
      }
      if (r.elseList) this.walk(dot, r.elseList);
    } catch (e) {
      if (e !== BREAK) throw e;
    } finally {
      this.pop(outer);
    }
  }

  private walkTemplate(dot: Value, t: TemplateNode): void {
    this.at(t);
    const tree = this.run.templates.get(t.name);
    if (tree === undefined) this.errorf('template %q not defined', t.name);
    if (this.depth === MAX_EXEC_DEPTH) this.errorf('exceeded maximum template depth (%v)', MAX_EXEC_DEPTH);
    const value = this.evalPipeline(dot, t.pipe);
    new State(this.run, tree.name, [{ name: '$', value }], this.depth + 1).walk(value, tree.root!);
  }

  private printValue(node: Node, value: Value): void {
    this.at(node);
    this.write(sprint([value.kind === 'invalid' ? str('<no value>') : asAny(value)]));
  }

  // ----- evaluation

  private evalPipeline(dot: Value, pipe: PipeNode | undefined): Value {
    if (pipe === undefined) return INVALID;
    this.enter(pipe);
    try {
      return this.evalPipelineNode(dot, pipe);
    } finally {
      this.run.depth--;
    }
  }

  private evalPipelineNode(dot: Value, pipe: PipeNode): Value {
    this.at(pipe);
    let value: Value = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      if (value.kind === 'interface') value = value.elem ?? INVALID;
    }
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0]!, value);
      else this.push(variable.ident[0]!, value);
    }
    return value;
  }

  private notAFunction(args: readonly ArgNode[], final: Value): void {
    if (args.length > 1 || final !== MISSING) this.errorf("can't give argument to non-function %s", nodeString(args[0]!));
  }

  private evalCommand(dot: Value, cmd: CommandNode, final: Value): Value {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return bool(first.value);
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return str(first.text);
    }
  }

  private idealConstant(constant: NumberNode): Value {
    this.at(constant);
    if (constant.isComplex) return { kind: 'complex128', re: constant.complex[0], im: constant.complex[1] };
    if (constant.isFloat && !isHexInt(constant.text) && !constant.text.startsWith("'") && /[.eEpP]/.test(constant.text)) {
      return { kind: 'float64', value: constant.float64 };
    }
    if (constant.isInt) return int(constant.int64);
    if (constant.isUint) this.errorf('%s overflows int', constant.text);
    return INVALID;
  }

  private evalFieldNode(dot: Value, field: FieldNode, args: readonly ArgNode[] | undefined, final: Value): Value {
    this.at(field);
    return this.evalFieldChain(dot, field.ident, args, final);
  }

  private evalChainNode(dot: Value, chain: ChainNode, args: readonly ArgNode[] | undefined, final: Value): Value {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === 'nil') this.errorf('indirection through explicit nil in %s', nodeString(chain));
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(pipe, chain.field, args, final);
  }

  private evalVariableNode(dot: Value, variable: VariableNode, args: readonly ArgNode[] | undefined, final: Value): Value {
    this.at(variable);
    const value = this.varValue(variable.ident[0]!);
    if (variable.ident.length === 1) {
      if (args) this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(value, variable.ident.slice(1), args, final);
  }

  private evalFieldChain(receiver: Value, ident: readonly string[], args: readonly ArgNode[] | undefined, final: Value): Value {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(ident[i]!, undefined, MISSING, receiver);
    return this.evalField(ident[n - 1]!, args, final, receiver);
  }

  private evalFunction(dot: Value, node: IdentifierNode, cmd: Node, args: readonly ArgNode[] | undefined, final: Value): Value {
    this.at(node);
    const fn = FUNCTIONS.get(node.ident);
    if (fn === undefined) this.errorf('%q is not a defined function', node.ident);
    return this.evalCall(dot, fn, node.ident, cmd, args, final);
  }

  /** A map key (the only kind of field JSON data has). */
  private evalField(fieldName: string, args: readonly ArgNode[] | undefined, final: Value, receiver: Value): Value {
    if (receiver.kind === 'invalid') return INVALID;
    const typ = typeName(receiver as Concrete);
    if (receiver.kind === 'interface') {
      if (receiver.elem === undefined) this.errorf('nil pointer evaluating %s.%s', typ, fieldName);
      receiver = receiver.elem;
    }
    const hasArgs = (args?.length ?? 0) > 1 || final !== MISSING;
    if (receiver.kind === 'map') {
      if (hasArgs) this.errorf('%s is not a method but has arguments', fieldName);
      return receiver.entries.get(fieldName) ?? INVALID;
    }
    return this.errorf("can't evaluate field %s in type %s", fieldName, typ);
  }

  private evalCall(dot: Value, fn: GoFunction, name: string, node: Node, args: readonly ArgNode[] | undefined, final: Value): Value {
    const argNodes = args ? args.slice(1) : [];
    const numParams = fn.params.length;
    const numIn = argNodes.length + (final !== MISSING ? 1 : 0);
    let numFixed = argNodes.length;
    if (fn.variadic) {
      numFixed = numParams - 1;
      if (numIn < numFixed) this.errorf('wrong number of args for %s: want at least %d got %d', name, numParams - 1, argNodes.length);
    } else if (numIn !== numParams) this.errorf('wrong number of args for %s: want %d got %d', name, numParams, numIn);

    if (fn.builtin && (name === 'and' || name === 'or')) {
      let v: Value = INVALID;
      for (const arg of argNodes) {
        v = this.evalArg(dot, 'value', arg);
        if (isTrue(indirectInterface(v)) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'value');
      return v;
    }

    const argv: Value[] = [];
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++) argv.push(this.evalArg(dot, fn.params[i]!, argNodes[i]!));
    if (fn.variadic) for (; i < argNodes.length; i++) argv.push(this.evalArg(dot, fn.params[numParams - 1]!, argNodes[i]!));
    if (final !== MISSING) {
      const t = fn.variadic && numIn - 1 < numFixed ? fn.params[numIn - 1]! : fn.params[numParams - 1]!;
      argv.push(this.validateType(final, t));
    }

    try {
      if (fn.builtin && name === 'call') {
        const callee = argNodes.length === 0 ? reflectValueString(final) : nodeString(argNodes[0]!);
        const f = indirectInterface(argv[0]!);
        if (f.kind === 'invalid') throw new FunctionError('call of nil');
        throw new FunctionError(errorText('non-function %s of type %s', callee, typeName(f as Concrete)));
      }
      const result = fn.call(argv);
      // Go has no limit; without one, a loop that doubles a string would exhaust memory.
      if (result.kind === 'string' && result.value.length > MAX_OUTPUT) this.errorf('result of %s exceeds %d bytes', name, MAX_OUTPUT);
      return result;
    } catch (e) {
      if (!(e instanceof FunctionError)) throw e;
      this.at(node);
      return this.errorf('error calling %s: %s', name, e.message);
    }
  }

  /** validateType: the value as a parameter of the type receives it. */
  private validateType(value: Value, typ: Param | null): Value {
    if (value.kind === 'invalid') {
      if (typ === 'string') this.errorf('invalid value; expected %s', 'string');
      return typ === 'any' ? NIL_INTERFACE : INVALID;
    }
    if (typ !== 'string' || value.kind === 'string') return value;
    if (value.kind === 'interface' && value.elem !== undefined) {
      if (value.elem.kind === 'string') return value.elem;
      value = value.elem;
    }
    return this.errorf('wrong type for value; expected %s; got %s', 'string', typeName(value as Concrete));
  }

  private evalArg(dot: Value, typ: Param | null, n: ArgNode): Value {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === 'string') this.errorf('cannot assign nil to %s', 'string');
        return typ === 'any' ? NIL_INTERFACE : INVALID;
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, undefined, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, undefined, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, undefined, MISSING), typ);
    }
    if (typ === 'string') {
      this.at(n);
      if (n.type === 'string') return str(n.text);
      return this.errorf('expected string; found %s', nodeString(n));
    }
    return this.evalEmptyInterface(dot, n);
  }

  private evalEmptyInterface(dot: Value, n: ArgNode): Value {
    this.at(n);
    switch (n.type) {
      case 'bool':
        return bool(n.value);
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return str(n.text);
    }
    return this.errorf("can't handle assignment of %s to empty interface argument", nodeString(n));
  }
}

/** reflect.Value.String(): a string's text, "<T Value>" for anything else. */
function reflectValueString(v: Value): string {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'invalid' || v.kind === 'missing') return '<invalid Value>';
  return `<${typeName(v)} Value>`;
}

/** Executes the template `name` of the set with dot the data; throws an ExecError. */
export function execute(templates: ReadonlyMap<string, Tree>, name: string, data: Concrete | undefined): string {
  const tree = templates.get(name)!;
  const run: Run = { templates, output: [], size: 0, steps: 0, depth: 0 };
  const dot: Value = data ?? INVALID;
  new State(run, tree.name, [{ name: '$', value: dot }], 0).walk(dot, tree.root!);
  return canonical(run.output.join(''));
}
