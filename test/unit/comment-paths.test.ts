// Lint: every path of this repository that a comment names exists (a comment that sends the reader
// to a file that was renamed or removed is worse than none). Paths are the ones starting with
// src/, test/, bench/, scripts/, shims/ or bin/pipshim; a .js path counts when its .ts source exists
// (imports name the compiled file). Globs are skipped.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO } from "../helpers/process.js";

function filesUnder(dir: string, ok: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, ok));
    else if (ok(name)) out.push(p);
  }
  return out;
}

const PATH_IN_TEXT = /(?<![\w./@-])((?:src|test|bench|scripts|shims)\/[\w./-]*\w|bin\/pipshim\b)/g;

/** The comment part of a line, for TypeScript, sh and Python files. */
function commentOf(line: string, hashComments: boolean): string | undefined {
  const t = line.trim();
  if (t.startsWith("//") || t.startsWith("*") || t.startsWith("/*")) return t;
  if (hashComments && t.startsWith("#") && !t.startsWith("#!")) return t;
  const i = line.indexOf(" // ");
  return i >= 0 ? line.slice(i) : undefined;
}

test("every repository path named in a comment exists", () => {
  const files = [
    ...filesUnder(join(REPO, "src"), (n) => /\.(ts|py)$/.test(n)),
    ...filesUnder(join(REPO, "test"), (n) => n.endsWith(".ts") || n.endsWith(".py")),
    ...filesUnder(join(REPO, "bench"), (n) => n.endsWith(".ts")),
    ...filesUnder(join(REPO, "scripts"), () => true),
    join(REPO, "bin", "pipshim"),
    join(REPO, "shims", "pip"),
    join(REPO, "shims", "python"),
    join(REPO, ".ci", "run"),
  ];
  const missing: string[] = [];
  let named = 0;
  for (const file of files) {
    const hash = !file.endsWith(".ts");
    readFileSync(file, "utf8").split("\n").forEach((line, i) => {
      const comment = commentOf(line, hash);
      if (comment === undefined) return;
      for (const m of comment.matchAll(PATH_IN_TEXT)) {
        const p = m[1];
        if (p.includes("*")) continue;
        named++;
        if (existsSync(join(REPO, p))) continue;
        if (p.endsWith(".js") && existsSync(join(REPO, `${p.slice(0, -3)}.ts`))) continue;
        missing.push(`${relative(REPO, file)}:${i + 1}: ${p}`);
      }
    });
  }
  assert.ok(named > 50, `the scan found the paths comments name (${named})`);
  assert.deepEqual(missing, []);
});
