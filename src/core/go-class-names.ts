/*
 * Go 1.26's regexp reads the name of a Unicode class (`\p{...}`, `\P{...}`, `\pL`) loosely: case,
 * `_`, `-` and spaces aside (`\p{greek}`, `\p{ Greek }`), and it knows the long names of the
 * general categories (`\p{Letter}`, `\p{Uppercase_Letter}`). re2js, which runs every pattern here,
 * knows the names only as written, so a pattern's names are rewritten to those before it compiles.
 * A name written as re2js knows it is left alone, as Go before 1.26 read it (Go 1.26 refuses
 * `\p{Old_Italic}`, whose loose form is no key of its tables).
 */

/** Scripts whose name is already in Go's loose form (one word, capital first): reachable by any spelling. */
const SCRIPTS =
  'Adlam Ahom Arabic Armenian Avestan Balinese Bamum Batak Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Carian Chakma Cham Cherokee ' +
  'Chorasmian Common Coptic Cuneiform Cypriot Cyrillic Deseret Devanagari Dogra Duployan Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic ' +
  'Grantha Greek Gujarati Gurmukhi Han Hangul Hanunoo Hatran Hebrew Hiragana Inherited Javanese Kaithi Kannada Katakana Kawi Kharoshthi Khmer ' +
  'Khojki Khudawadi Lao Latin Lepcha Limbu Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Medefaidrin Miao Modi ' +
  'Mongolian Mro Multani Myanmar Nabataean Nandinagari Newa Nko Nushu Ogham Oriya Osage Osmanya Palmyrene Phoenician Rejang Runic Samaritan ' +
  'Saurashtra Sharada Shavian Siddham Sinhala Sogdian Soyombo Sundanese Syriac Tagalog Tagbanwa Takri Tamil Tangsa Tangut Telugu Thaana Thai ' +
  'Tibetan Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Yezidi Yi';
const CATEGORIES = 'C Cc Cf Cn Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs';
/** unicode.CategoryAliases: long names of the categories. */
const ALIASES: Readonly<Record<string, string>> = {
  Cased_Letter: 'LC', Close_Punctuation: 'Pe', Combining_Mark: 'M', Connector_Punctuation: 'Pc', Control: 'Cc', Currency_Symbol: 'Sc',
  Dash_Punctuation: 'Pd', Decimal_Number: 'Nd', Enclosing_Mark: 'Me', Final_Punctuation: 'Pf', Format: 'Cf', Initial_Punctuation: 'Pi', Letter: 'L',
  Letter_Number: 'Nl', Line_Separator: 'Zl', Lowercase_Letter: 'Ll', Mark: 'M', Math_Symbol: 'Sm', Modifier_Letter: 'Lm', Modifier_Symbol: 'Sk',
  Nonspacing_Mark: 'Mn', Number: 'N', Open_Punctuation: 'Ps', Other: 'C', Other_Letter: 'Lo', Other_Number: 'No', Other_Punctuation: 'Po',
  Other_Symbol: 'So', Paragraph_Separator: 'Zp', Private_Use: 'Co', Punctuation: 'P', Separator: 'Z', Space_Separator: 'Zs', Spacing_Mark: 'Mc',
  Surrogate: 'Cs', Symbol: 'S', Titlecase_Letter: 'Lt', Unassigned: 'Cn', Uppercase_Letter: 'Lu', cntrl: 'Cc', digit: 'Nd', punct: 'P',
};

/** Go's canonicalName: separators dropped, the first letter upper case and the others lower case (ASCII only). */
function looseName(name: string): string {
  let out = '';
  for (const c of name) {
    if (c === '_' || c === '-' || c === ' ') continue;
    out += out === '' ? (c >= 'a' && c <= 'z' ? c.toUpperCase() : c) : c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
  }
  return out;
}

let byLooseName: ReadonlyMap<string, string> | undefined;
function names(): ReadonlyMap<string, string> {
  if (!byLooseName) {
    const map = new Map<string, string>([['Any', 'Any'], ['Assigned', 'Assigned'], ['Ascii', 'Ascii'], ['Lc', 'LC']]);
    for (const name of `${SCRIPTS} ${CATEGORIES}`.split(' ')) map.set(name, name);
    for (const [alias, category] of Object.entries(ALIASES)) if (!map.has(looseName(alias))) map.set(looseName(alias), category);
    byLooseName = map;
  }
  return byLooseName;
}

/** `source` with each Unicode class name re2js would not know, but Go 1.26 does, written as re2js knows it. */
export function withGoClassNames(source: string): string {
  if (!/\\[pP]/.test(source)) return source;
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const next = source[i + 1];
    if (next === 'Q') {
      // \Q...\E is literal text.
      const end = source.indexOf('\\E', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop);
      i = stop;
    } else if ((next === 'p' || next === 'P') && source[i + 2] === '{') {
      const close = source.indexOf('}', i + 3);
      if (close < 0) return source;
      const written = source.slice(i + 3, close);
      const negated = written.startsWith('^');
      const name = negated ? written.slice(1) : written;
      out += `\\${next}{${negated ? '^' : ''}${rewritten(name)}}`;
      i = close + 1;
    } else if ((next === 'p' || next === 'P') && i + 2 < source.length) {
      const name = String.fromCodePoint(source.codePointAt(i + 2)!);
      const known = rewritten(name);
      out += known.length === 1 ? `\\${next}${known}` : `\\${next}{${known}}`;
      i += 2 + name.length;
    } else {
      out += source.slice(i, i + 2);
      i += 2;
    }
  }
  return out;
}

function rewritten(name: string): string {
  return names().get(looseName(name)) ?? name;
}
