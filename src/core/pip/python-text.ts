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

// Any Unicode decimal digit counts in every base (int("0٣", 8) == 3); a non-ASCII digit too large
// for its base is let through, which only means pip reports that error itself.
const DIGITS = { 2: "[01\\p{Nd}]", 8: "[0-7\\p{Nd}]", 10: "\\p{Nd}", 16: "[0-9a-fA-F\\p{Nd}]" } as const;
const PREFIX = { 2: /^0[bB]/, 8: /^0[oO]/, 10: /^(?!)/, 16: /^0[xX]/ } as const;

/** Python's int(text, radix), for radix 2, 8, 10 or 16 (a 0b/0o/0x prefix allowed in its own radix). */
export function isPythonIntIn(text: string, radix: 2 | 8 | 10 | 16): boolean {
  const body = text.replace(NUMBER_WS, "").replace(/^[+-]/, "");
  const hadPrefix = PREFIX[radix].test(body);
  const d = DIGITS[radix];
  return new RegExp(`^${hadPrefix ? "_?" : ""}${d}+(_${d}+)*$`, "u").test(body.replace(PREFIX[radix], ""));
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
