// Python's reading of text where pip's behaviour depends on it: str.strip()'s white space (not
// JavaScript's: no U+FEFF, but U+001C-U+001F and U+0085), and the int() and float() that
// optparse applies to option values.

export const WS = "[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
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

const DIGITS = { 2: "[01]", 8: "[0-7]", 10: "\\p{Nd}", 16: "[0-9a-fA-F]" } as const;
const PREFIX = { 2: /^0[bB]/, 8: /^0[oO]/, 10: /^(?!)/, 16: /^0[xX]/ } as const;

/** optparse's int check: _parse_num picks the radix from the text, then Python's int(text, radix). */
export function isPythonInt(value: string): boolean {
  let radix: 2 | 8 | 10 | 16 = 10;
  let text = value;
  const head = value.slice(0, 2).toLowerCase();
  if (head === "0x") radix = 16;
  else if (head === "0b") {
    radix = 2;
    text = value.slice(2) || "0";
  } else if (value.startsWith("0")) radix = 8;
  const body = pyStrip(text).replace(/^[+-]/, "");
  const hadPrefix = PREFIX[radix].test(body);
  const d = DIGITS[radix];
  return new RegExp(`^${hadPrefix ? "_?" : ""}${d}+(_${d}+)*$`, "u").test(body.replace(PREFIX[radix], ""));
}

const D = "\\p{Nd}+(?:_\\p{Nd}+)*";
const FLOAT = new RegExp(`^[+-]?(?:(?:${D}(?:\\.(?:${D})?)?|\\.${D})(?:[eE][+-]?${D})?|inf(?:inity)?|nan)$`, "iu");

/** Python's float(text). */
export function isPythonFloat(value: string): boolean {
  return FLOAT.test(pyStrip(value));
}
