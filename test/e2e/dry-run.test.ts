// A dry run changes nothing anywhere, on every route (project with and without its .venv, the
// default environment, pipx, a mixed command): HOME (pipshim's own files and pipx included) and
// the project are compared file by file before and after. And the guards that limit or verify
// what gets installed reach pipx's pip.

import assert from "node:assert/strict";
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import type { Sandbox } from "../helpers/sandbox.js";

/** Every file and folder under these roots, with size and modification time. */
function tree(...roots: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    out.push(`${p} ${st.isDirectory() ? "dir" : `${st.size} ${st.mtimeMs}`}`);
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
  };
  roots.forEach(walk);
  return out;
}

/** pipshim's caches warm (the interpreter probed, pipx's shared libraries made), as after any earlier pip call. */
async function warm(sb: Sandbox): Promise<void> {
  assert.equal((await sb.pip(["install", "--target", join(sb.root, "t"), "pslib"])).status, 0);
}

e2e("--dry-run in a project without its .venv: pip says what it would install; nothing is made", async (sb) => {
  await warm(sb);
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const before = tree(sb.home, root);
  const r = await sb.pip(["install", "--dry-run", "psdep"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Would install psdep-1\.0 pslib-1\.0/);
  assert.match(r.stderr, /pipshim: .*a dry run changes nothing; would install into .*proj\/\.venv \(project: pyproject\.toml; it would be made\)/);
  assert.deepEqual(tree(sb.home, root), before);
});

e2e("--dry-run in a project with its .venv: its pip's dry run; nothing changes", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  await warm(sb);
  const before = tree(sb.home, root);
  const r = await sb.pip(["install", "--dry-run", "psdep"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Would install psdep-1\.0\n/);
  assert.deepEqual(tree(sb.home, root), before);
});

e2e("--dry-run outside projects: a library (no default environment made), an application (pipx not run), both at once", async (sb) => {
  await warm(sb);
  const out = sb.dir("scratch");
  // Classified once for real first (the cache then holds the answers; a dry run only reads it).
  const explain = await sb.pipshim(["explain", "install", "pslib", "psapp"], { cwd: out });
  assert.equal(explain.status, 0, explain.stderr);
  const before = tree(sb.home, out);
  for (const [args, stdout] of [
    [["pslib"], /Would install pslib-1\.0/],
    [["psapp"], /Would install psapp-1\.0/],
    [["psapp", "pslib"], /Would install pslib-1\.0\n[\s\S]*Would install psapp-1\.0/],
  ] as const) {
    const r = await sb.pip(["install", "--dry-run", ...args], { cwd: out });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, stdout);
    assert.match(r.stderr, /a dry run changes nothing/);
  }
  assert.deepEqual(tree(sb.home, out), before);
});

e2e("a failing dry run gives pip's status, and still changes nothing", async (sb) => {
  await warm(sb);
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const before = tree(sb.home, root);
  const r = await sb.pip(["install", "--dry-run", "no-such-package-xyz"], { cwd: root });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /No matching distribution found for no-such-package-xyz/);
  assert.deepEqual(tree(sb.home, root), before);
});

e2e("--require-hashes without hashes reaches pipx's pip, which refuses: nothing installed", async (sb) => {
  const r = await sb.pip(["install", "--require-hashes", "psapp"]);
  assert.notEqual(r.status, 0);
  // pipx keeps pip's own message in its log, and says that pip refused.
  assert.match(r.stdout + r.stderr, /Fatal error from pip prevented installation|Error installing psapp/);
  assert.doesNotMatch(r.stderr, /not passed to pipx/);
  assert.deepEqual(readdirSync(sb.pipxBin, { withFileTypes: true }).filter((e) => e.name === "psapp"), []);
});
