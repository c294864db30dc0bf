/*
 * Go's fmt for the values of values.ts: Sprint, Sprintln and Sprintf, ported from fmt/print.go and
 * fmt/format.go (flags, width, precision, argument indexes, and the %!verb(type=value) forms of
 * a wrong verb, a missing or an extra argument). A map or slice has no address here; %p prints a
 * made-up one.
 */
import { canonical, runeCount, runes, runeString, utf8 } from './go-string.js';
import { canBackquote, formatFloat, quote, quoteRune, quoteToASCII } from './strconv.js';
import { isPrint } from './unicode.js';
import { INVALID, sliceElement, sortedKeys, str, typeName, type Concrete, type Value } from './values.js';

/** An operand: a value in an interface{} (undefined for nil), or a reflect.Value (invalid or of kind Interface). */
export type Operand = Value | undefined;

const LDIGITS = '0123456789abcdefx';
const UDIGITS = '0123456789ABCDEFX';
const MAX_RUNE = 0x10ffffn;
const FAKE_ADDRESS = 0xc000010000n;

function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

function parseNum(s: string, start: number, end: number): { num: number; isNum: boolean; next: number } {
  if (start >= end) return { num: 0, isNum: false, next: end };
  let num = 0;
  let isNum = false;
  let i = start;
  for (; i < end && s[i]! >= '0' && s[i]! <= '9'; i++) {
    if (tooLarge(num)) return { num: 0, isNum: false, next: end };
    num = num * 10 + (s.charCodeAt(i) - 0x30);
    isNum = true;
  }
  return { num, isNum, next: i };
}

function isConcrete(v: Operand): v is Concrete {
  return v !== undefined && v.kind !== 'invalid' && v.kind !== 'interface' && v.kind !== 'missing';
}

class Printer {
  buf = '';
  widPresent = false;
  precPresent = false;
  minus = false;
  plus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid = 0;
  prec = 0;
  /** The operand being printed as an interface{} value (undefined: none, or nil). */
  arg: Concrete | undefined;
  /** The operand being printed as a reflect.Value. */
  value: Value = INVALID;
  reordered = false;
  goodArgNum = true;
  erroring = false;

  clearFlags(): void {
    this.widPresent = this.precPresent = this.minus = this.plus = this.sharp = this.space = this.zero = this.plusV = this.sharpV = false;
    this.wid = this.prec = 0;
  }

  // ----- format.go

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero && !this.minus ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  fmtBoolean(v: boolean): void {
    this.pad(v ? 'true' : 'false');
  }

  fmtUnicode(u: bigint): void {
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let out = `U+${u.toString(16).toUpperCase().padStart(prec, '0')}`;
    if (this.sharp && u <= MAX_RUNE && isPrint(Number(u))) out += ` '${String.fromCodePoint(Number(u))}'`;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(out);
    this.zero = oldZero;
  }

  fmtIntegerBase(u: bigint, base: number, isSigned: boolean, verb: string, digits: string): void {
    const negative = isSigned && BigInt.asIntN(64, u) < 0n;
    if (negative) u = -BigInt.asIntN(64, u);
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let s = u.toString(base);
    if (digits === UDIGITS) s = s.toUpperCase();
    s = s.padStart(prec, '0');
    if (this.sharp) {
      if (base === 2) s = `0b${s}`;
      else if (base === 8 && s[0] !== '0') s = `0${s}`;
      else if (base === 16) s = `0${digits[16]}${s}`;
    }
    if (verb === 'O') s = `0o${s}`;
    if (negative) s = `-${s}`;
    else if (this.plus) s = `+${s}`;
    else if (this.space) s = ` ${s}`;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  truncate(s: string): string {
    if (!this.precPresent) return s;
    let n = this.prec;
    let at = 0;
    for (const { text } of runes(s)) {
      n--;
      if (n < 0) return s.slice(0, at);
      at += text.length;
    }
    return s;
  }

  fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  fmtSx(s: string, digits: string): void {
    const bytes = utf8(s);
    let length = bytes.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) width += 2;
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let out = this.sharp ? `0${digits[16]}` : '';
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += ' ';
        if (this.sharp) out += `0${digits[16]}`;
      }
      out += digits[bytes[i]! >> 4]! + digits[bytes[i]! & 0xf]!;
    }
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) {
      this.pad(`\`${s}\``);
      return;
    }
    this.pad(this.plus ? quoteToASCII(s) : quote(s));
  }

  fmtC(c: bigint): void {
    this.pad(runeString(c > MAX_RUNE ? 0xfffd : Number(c)));
  }

  fmtQc(c: bigint): void {
    const r = c > MAX_RUNE ? 0xfffd : Number(c);
    this.pad(quoteRune(r, this.plus));
  }

  fmtFloatWith(v: number, verb: string, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb, prec);
    if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
    if (this.space && num[0] === '+' && !this.plus) num = ` ${num.slice(1)}`;
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
      let tail = '';
      let hasDecimalPoint = false;
      let sawNonzeroDigit = false;
      for (let i = 1; i < num.length; i++) {
        const c = num[i]!;
        if (c === '.') hasDecimalPoint = true;
        else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
          tail += num.slice(i);
          num = num.slice(0, i);
        } else {
          if (c !== '0') sawNonzeroDigit = true;
          if (sawNonzeroDigit) digits--;
        }
      }
      if (!hasDecimalPoint) {
        if (num.length === 2 && num[1] === '0') digits--;
        num += '.';
      }
      while (digits > 0) {
        num += '0';
        digits--;
      }
      num += tail;
    }
    if (this.plus || num[0] !== '+') {
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  // ----- print.go

  badVerb(verb: number): void {
    this.erroring = true;
    this.buf += `%!${runeString(verb)}(`;
    if (this.arg !== undefined) {
      this.buf += `${typeName(this.arg)}=`;
      this.printArg(this.arg, 'v'.codePointAt(0)!);
    } else if (this.value.kind !== 'invalid' && this.value.kind !== 'missing') {
      this.buf += `${typeName(this.value)}=`;
      this.printValue(this.value, 'v'.codePointAt(0)!, 0);
    } else this.buf += '<nil>';
    this.buf += ')';
    this.erroring = false;
  }

  fmt0x64(u: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtIntegerBase(u, 16, false, 'v', LDIGITS);
    this.sharp = sharp;
  }

  fmtInteger(v: bigint, isSigned: boolean, verb: number): void {
    const u = BigInt.asUintN(64, v);
    const c = String.fromCodePoint(verb);
    switch (c) {
      case 'v':
        if (this.sharpV && !isSigned) this.fmt0x64(u, true);
        else this.fmtIntegerBase(u, 10, isSigned, c, LDIGITS);
        return;
      case 'd':
        return this.fmtIntegerBase(u, 10, isSigned, c, LDIGITS);
      case 'b':
        return this.fmtIntegerBase(u, 2, isSigned, c, LDIGITS);
      case 'o':
      case 'O':
        return this.fmtIntegerBase(u, 8, isSigned, c, LDIGITS);
      case 'x':
        return this.fmtIntegerBase(u, 16, isSigned, c, LDIGITS);
      case 'X':
        return this.fmtIntegerBase(u, 16, isSigned, c, UDIGITS);
      case 'c':
        return this.fmtC(u);
      case 'q':
        return this.fmtQc(u);
      case 'U':
        return this.fmtUnicode(u);
    }
    this.badVerb(verb);
  }

  fmtFloat(v: number, verb: number): void {
    const c = String.fromCodePoint(verb);
    switch (c) {
      case 'v':
        return this.fmtFloatWith(v, 'g', -1);
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        return this.fmtFloatWith(v, c, -1);
      case 'f':
      case 'e':
      case 'E':
        return this.fmtFloatWith(v, c, 6);
      case 'F':
        return this.fmtFloatWith(v, 'f', 6);
    }
    this.badVerb(verb);
  }

  fmtComplex(re: number, im: number, verb: number): void {
    if (!'vbgGxXfFeE'.includes(String.fromCodePoint(verb))) {
      this.badVerb(verb);
      return;
    }
    const oldPlus = this.plus;
    this.buf += '(';
    this.fmtFloat(re, verb);
    this.plus = true;
    this.fmtFloat(im, verb);
    this.buf += 'i)';
    this.plus = oldPlus;
  }

  fmtString(v: string, verb: number): void {
    switch (String.fromCodePoint(verb)) {
      case 'v':
        if (this.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        return;
      case 's':
        return this.fmtS(v);
      case 'x':
        return this.fmtSx(v, LDIGITS);
      case 'X':
        return this.fmtSx(v, UDIGITS);
      case 'q':
        return this.fmtQ(v);
    }
    this.badVerb(verb);
  }

  fmtPointer(value: Value, verb: number): void {
    if (value.kind !== 'slice' && value.kind !== 'map') {
      this.badVerb(verb);
      return;
    }
    const c = String.fromCodePoint(verb);
    if (c === 'p') this.fmt0x64(FAKE_ADDRESS, !this.sharp);
    else if ('bodxX'.includes(c)) this.fmtInteger(FAKE_ADDRESS, false, verb);
    else this.badVerb(verb);
  }

  printArg(arg: Operand, verb: number): void {
    this.arg = isConcrete(arg) ? arg : undefined;
    this.value = INVALID;
    const c = String.fromCodePoint(verb);
    if (arg === undefined) {
      if (c === 'T' || c === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (c === 'T') {
      this.fmtS(isConcrete(arg) ? typeName(arg) : 'reflect.Value');
      return;
    }
    if (c === 'p') {
      this.fmtPointer(arg, verb);
      return;
    }
    switch (arg.kind) {
      case 'bool':
        return this.fmtBool(arg.value, verb);
      case 'float64':
        return this.fmtFloat(arg.value, verb);
      case 'complex128':
        return this.fmtComplex(arg.re, arg.im, verb);
      case 'int':
      case 'int64':
        return this.fmtInteger(arg.value, true, verb);
      case 'uint8':
        return this.fmtInteger(arg.value, false, verb);
      case 'string':
        return this.fmtString(arg.value, verb);
      case 'slice':
      case 'map':
        // handleMethods: %w wants an error.
        if (c === 'w' && !this.erroring) {
          this.badVerb(verb);
          return;
        }
    }
    this.printValue(arg, verb, 0);
  }

  fmtBool(v: boolean, verb: number): void {
    const c = String.fromCodePoint(verb);
    if (c === 't' || c === 'v') this.fmtBoolean(v);
    else this.badVerb(verb);
  }

  printValue(value: Value, verb: number, depth: number): void {
    this.arg = undefined;
    this.value = value;
    const sep = this.sharpV ? ', ' : ' ';
    switch (value.kind) {
      case 'invalid':
      case 'missing':
        if (depth === 0) this.buf += '<invalid reflect.Value>';
        else if (verb === 0x76) this.buf += '<nil>';
        else this.badVerb(verb);
        return;
      case 'bool':
        return this.fmtBool(value.value, verb);
      case 'int':
      case 'int64':
        return this.fmtInteger(value.value, true, verb);
      case 'uint8':
        return this.fmtInteger(value.value, false, verb);
      case 'float64':
        return this.fmtFloat(value.value, verb);
      case 'complex128':
        return this.fmtComplex(value.re, value.im, verb);
      case 'string':
        return this.fmtString(value.value, verb);
      case 'map':
        this.buf += this.sharpV ? `${typeName(value)}{` : 'map[';
        sortedKeys(value).forEach((key, i) => {
          if (i > 0) this.buf += sep;
          this.printValue(str(key), verb, depth + 1);
          this.buf += ':';
          this.printValue(value.entries.get(key)!, verb, depth + 1);
        });
        this.buf += this.sharpV ? '}' : ']';
        return;
      case 'interface':
        if (value.elem === undefined) this.buf += this.sharpV ? 'interface {}(nil)' : '<nil>';
        else this.printValue(value.elem, verb, depth + 1);
        return;
      case 'slice':
        this.buf += this.sharpV ? `${typeName(value)}{` : '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) this.buf += sep;
          this.printValue(sliceElement(value, i), verb, depth + 1);
        }
        this.buf += this.sharpV ? '}' : ']';
    }
  }

  intFromArg(args: readonly Operand[], argNum: number): { num: number; isInt: boolean; next: number } {
    let num = 0;
    let isInt = false;
    let next = argNum;
    if (argNum < args.length) {
      const arg = args[argNum];
      if (arg !== undefined && (arg.kind === 'int' || arg.kind === 'int64' || arg.kind === 'uint8')) {
        if (arg.value >= -1_000_000n && arg.value <= 1_000_000n) {
          num = Number(arg.value);
          isInt = true;
        }
      }
      next = argNum + 1;
      if (tooLarge(num)) {
        num = 0;
        isInt = false;
      }
    }
    return { num, isInt, next };
  }

  argNumber(argNum: number, format: string, i: number, numArgs: number): { argNum: number; i: number; found: boolean } {
    if (format.length <= i || format[i] !== '[') return { argNum, i, found: false };
    this.reordered = true;
    const { index, wid, ok } = parseArgNumber(format.slice(i));
    if (ok && index >= 0 && index < numArgs) return { argNum: index, i: i + wid, found: true };
    this.goodArgNum = false;
    return { argNum, i: i + wid, found: ok };
  }

  doPrintf(format: string, args: readonly Operand[]): void {
    const end = format.length;
    let argNum = 0;
    this.reordered = false;
    formatLoop: for (let i = 0; i < end; ) {
      let afterIndex: boolean;
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.clearFlags();
      simpleFormat: for (; i < end; i++) {
        const c = format[i]!;
        switch (c) {
          case '#':
            this.sharp = true;
            break;
          case '0':
            this.zero = true;
            break;
          case '+':
            this.plus = true;
            break;
          case '-':
            this.minus = true;
            break;
          case ' ':
            this.space = true;
            break;
          default:
            if (c >= 'a' && c <= 'z' && argNum < args.length) {
              if (c === 'v' || c === 'w') {
                this.sharpV = this.sharp;
                this.sharp = false;
                this.plusV = this.plus;
                this.plus = false;
              }
              this.printArg(args[argNum], c.charCodeAt(0));
              argNum++;
              i++;
              continue formatLoop;
            }
            break simpleFormat;
        }
      }
      ({ argNum, i, found: afterIndex } = this.argNumber(argNum, format, i, args.length));
      if (i < end && format[i] === '*') {
        i++;
        const w = this.intFromArg(args, argNum);
        this.wid = w.num;
        this.widPresent = w.isInt;
        argNum = w.next;
        if (!this.widPresent) this.buf += '%!(BADWIDTH)';
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        const w = parseNum(format, i, end);
        this.wid = w.num;
        this.widPresent = w.isNum;
        i = w.next;
        if (afterIndex && this.widPresent) this.goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) this.goodArgNum = false;
        ({ argNum, i, found: afterIndex } = this.argNumber(argNum, format, i, args.length));
        if (i < end && format[i] === '*') {
          i++;
          const p = this.intFromArg(args, argNum);
          this.prec = p.num;
          this.precPresent = p.isInt;
          argNum = p.next;
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!this.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          const p = parseNum(format, i, end);
          this.prec = p.num;
          this.precPresent = p.isNum;
          i = p.next;
          if (!this.precPresent) {
            this.prec = 0;
            this.precPresent = true;
          }
        }
      }
      if (!afterIndex) ({ argNum, i } = this.argNumber(argNum, format, i, args.length));
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      let verb = format.codePointAt(i)!;
      const size = verb > 0xffff ? 2 : 1;
      if (verb >= 0xdc80 && verb <= 0xdcff) verb = 0xfffd;
      i += size;
      if (verb === 0x25) this.buf += '%';
      else if (!this.goodArgNum) this.buf += `%!${runeString(verb)}(BADINDEX)`;
      else if (argNum >= args.length) this.buf += `%!${runeString(verb)}(MISSING)`;
      else {
        if (verb === 0x76 || verb === 0x77) {
          this.sharpV = this.sharp;
          this.sharp = false;
          this.plusV = this.plus;
          this.plus = false;
        }
        this.printArg(args[argNum], verb);
        argNum++;
      }
    }
    if (!this.reordered && argNum < args.length) {
      this.clearFlags();
      this.buf += '%!(EXTRA ';
      args.slice(argNum).forEach((arg, i) => {
        if (i > 0) this.buf += ', ';
        if (arg === undefined) this.buf += '<nil>';
        else {
          this.buf += `${isConcrete(arg) ? typeName(arg) : 'reflect.Value'}=`;
          this.printArg(arg, 0x76);
        }
      });
      this.buf += ')';
    }
  }
}

function parseArgNumber(format: string): { index: number; wid: number; ok: boolean } {
  if (format.length < 3) return { index: 0, wid: 1, ok: false };
  for (let i = 1; i < format.length; i++) {
    if (format[i] === ']') {
      const { num, isNum, next } = parseNum(format, 1, i);
      if (!isNum || next !== i) return { index: 0, wid: i + 1, ok: false };
      return { index: num - 1, wid: i + 1, ok: true };
    }
  }
  return { index: 0, wid: 1, ok: false };
}

function isString(arg: Operand): boolean {
  return arg !== undefined && arg.kind === 'string';
}

/** fmt.Sprint: spaces between operands when neither is a string. */
export function sprint(args: readonly Operand[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0 && !isString(arg) && !isString(args[i - 1])) p.buf += ' ';
    p.printArg(arg, 0x76);
  });
  return canonical(p.buf);
}

/** fmt.Sprintln: spaces between operands, and a newline. */
export function sprintln(args: readonly Operand[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.buf += ' ';
    p.printArg(arg, 0x76);
  });
  return canonical(`${p.buf}\n`);
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly Operand[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return canonical(p.buf);
}

/** fmt.Sprintf for messages: JavaScript strings and numbers are passed as Go strings and ints. */
export function errorText(format: string, ...args: (string | number | bigint | Operand)[]): string {
  return sprintf(
    format,
    args.map((a) => (typeof a === 'string' ? str(a) : typeof a === 'number' || typeof a === 'bigint' ? { kind: 'int', value: BigInt(a) } : a)),
  );
}
