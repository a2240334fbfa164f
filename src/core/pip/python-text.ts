// Python's reading of text where pip's behaviour depends on it: str.strip()'s white space (not
// JavaScript's: no U+FEFF, but U+001C-U+001F and U+0085), and the int() and float() that
// optparse applies to option values.

export const WS = "[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
/** What int() and float() skip around a number: the same, but U+001C-U+001F. */
const NUMBER_WS = new RegExp(`^${WS.replace("\\x1c-\\x1f", "")}*|${WS.replace("\\x1c-\\x1f", "")}*$`, "g");
const LEADING = new RegExp(`^${WS}*`);
const TRAILING = new RegExp(`${WS}*$`);

export function pyStrip(text: string): string {
  return text.replace(LEADING, "").replace(TRAILING, "");
}

export function pyRstrip(text: string): string {
  return text.replace(TRAILING, "");
}

export function pyLeadingSpace(text: string): number {
  return LEADING.exec(text)![0].length;
}

const ND = /^\p{Nd}$/u;

/**
 * A digit's value as Python's int() reads it: ASCII 0-9 and a-z/A-Z (10 to 35), and any Unicode
 * decimal digit (Nd), whose value is its place in its run of ten (Unicode encodes each run of
 * decimal digits contiguously, 0 to 9, and adjacent runs back to back); -1 for anything else.
 */
function digitValue(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  if (!ND.test(ch)) return -1;
  let start = c;
  while (ND.test(String.fromCodePoint(start - 1))) start -= 1;
  return (c - start) % 10;
}

const PREFIX = { 2: /^0[bB]/, 8: /^0[oO]/, 10: /^(?!)/, 16: /^0[xX]/ } as const;

/**
 * Python's int(text, radix), for radix 2, 8, 10 or 16: white space around, a sign, a 0b/0o/0x
 * prefix in its own radix (then one "_" may follow), digits with single "_" between them. The
 * value, or undefined where Python raises ValueError.
 */
export function pythonIntIn(text: string, radix: 2 | 8 | 10 | 16): number | undefined {
  let body = text.replace(NUMBER_WS, "");
  let sign = 1;
  if (body.startsWith("+") || body.startsWith("-")) {
    if (body.startsWith("-")) sign = -1;
    body = body.slice(1);
  }
  if (PREFIX[radix].test(body)) body = body.slice(2).replace(/^_/, "");
  let value = 0;
  let afterDigit = false;
  for (const ch of body) {
    if (ch === "_") {
      if (!afterDigit) return undefined;
      afterDigit = false;
      continue;
    }
    const d = digitValue(ch);
    if (d < 0 || d >= radix) return undefined;
    value = value * radix + d;
    afterDigit = true;
  }
  return afterDigit ? sign * value : undefined;
}

/** Does Python's int(text, radix) accept the text? */
export function isPythonIntIn(text: string, radix: 2 | 8 | 10 | 16): boolean {
  return pythonIntIn(text, radix) !== undefined;
}

/** optparse's int check: _parse_num picks the radix from the text's start, then int(text, radix). */
export function isPythonInt(value: string): boolean {
  const head = value.slice(0, 2).toLowerCase();
  if (head === "0x") return isPythonIntIn(value, 16);
  if (head === "0b") return isPythonIntIn(value.slice(2) || "0", 2);
  return isPythonIntIn(value, value.startsWith("0") ? 8 : 10);
}

const D = "\\p{Nd}+(?:_\\p{Nd}+)*";
const FLOAT = new RegExp(`^[+-]?(?:(?:${D}(?:\\.(?:${D})?)?|\\.${D})(?:[eE][+-]?${D})?|inf(?:inity)?|nan)$`, "iu");

/** Python's float(text). */
export function isPythonFloat(value: string): boolean {
  return FLOAT.test(value.replace(NUMBER_WS, ""));
}
