// A unified diff of one file's change, for `--dry-run` and the question before writing. pipshim
// changes one stretch of a file at a time (a block added, replaced or removed), so one hunk
// around what differs between the common beginning and the common end is the whole diff.

/** The file's lines, each with its newline (the last one may lack it). */
function linesOf(text: string | null): string[] {
  return text?.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function commonPrefixLength(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Lines equal at the ends of a and b, not counting the first `skip` (already matched from the start). */
function commonSuffixLength(a: string[], b: string[], skip: number): number {
  let n = 0;
  while (n < a.length - skip && n < b.length - skip && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** A hunk header's range: `start,count`, where an empty range starts at the line before it. */
function range(start: number, count: number): string {
  if (count === 1) return `${start + 1}`;
  return `${count === 0 ? start : start + 1},${count}`;
}

function diffLine(mark: string, line: string): string {
  return line.endsWith("\n") ? `${mark}${line}` : `${mark}${line}\n\\ No newline at end of file\n`;
}

/**
 * `diff -u` of a file's text before and after (null: no such file), under one name; "" when
 * nothing changes.
 */
export function unifiedDiff(name: string, before: string | null, after: string | null, context = 3): string {
  if (before === after) return "";
  const a = linesOf(before);
  const b = linesOf(after);
  const prefix = commonPrefixLength(a, b);
  const suffix = commonSuffixLength(a, b, prefix);
  const lead = Math.min(context, prefix);
  const trail = Math.min(context, suffix);
  const from = prefix - lead;
  const removed = a.slice(prefix, a.length - suffix);
  const added = b.slice(prefix, b.length - suffix);
  const out = [
    `--- ${before === null ? "/dev/null" : name}\n`,
    `+++ ${after === null ? "/dev/null" : name}\n`,
    `@@ -${range(from, lead + removed.length + trail)} +${range(from, lead + added.length + trail)} @@\n`,
    ...a.slice(from, prefix).map((l) => diffLine(" ", l)),
    ...removed.map((l) => diffLine("-", l)),
    ...added.map((l) => diffLine("+", l)),
    ...a.slice(a.length - suffix, a.length - suffix + trail).map((l) => diffLine(" ", l)),
  ];
  return out.join("");
}
