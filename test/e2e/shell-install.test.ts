// An install into a project's known .venv without Node.js (src/core/shell-install.ts;
// bin/pipshim, _pipshim_fast_install): after Node.js handed one such install over, the next is
// carried out by the shell alone (PIPSHIM_NODE=/bin/false proves it), says exactly what Node.js
// said, keeps the .venv usable by the shell afterwards, and every doubt still goes to Node.js.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import type { Sandbox } from "../helpers/sandbox.js";

const PYPROJECT = { "pyproject.toml": "" };
const siteOf = (venv: string) => join(venv, "lib", "python3.11", "site-packages");
/** A node that cannot answer: a call that reaches Node.js fails. */
const NO_NODE = { PIPSHIM_NODE: "/bin/false" };

/** A project with its .venv, and one install handed over by Node.js (which records the notice); its stderr. */
async function known(sb: Sandbox): Promise<{ root: string; said: string }> {
  const root = sb.dir("proj", PYPROJECT);
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: root })).status, 0);
  const handed = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(handed.status, 0, handed.stderr);
  return { root, said: handed.stderr };
}

e2e("an install by name into a known .venv: the shell alone, saying what Node.js said; the next python3 and install still without Node.js", async (sb) => {
  const { root, said } = await known(sb);
  const venv = join(root, ".venv");
  const r = await sb.pip(["install", "psdep"], { cwd: root, env: NO_NODE });
  assert.equal(r.status, 0, r.stderr);
  const pipshimLines = (s: string) => s.split("\n").filter((l) => l.startsWith("pipshim: ")).join("\n");
  assert.equal(pipshimLines(r.stderr), pipshimLines(said));
  assert.match(pipshimLines(r.stderr), /installing into .*proj\/\.venv \(project: pyproject\.toml\)/);
  assert.ok(existsSync(join(siteOf(venv), "psdep")));
  // The record brought up to date under the lock (dist/run_pip.py): python3 and the next install
  // are still the shell's own.
  const py = await sb.run("python3", ["-c", "import psdep, sys; print(sys.prefix)"], { cwd: root, env: NO_NODE });
  assert.equal(py.stdout, `${venv}\n`, py.stderr);
  const again = await sb.pip(["install", "-q", "-U", "psdep"], { cwd: root, env: NO_NODE });
  assert.equal(again.status, 0, again.stderr);
  // Its command's shim, made by run_pip.py after pip: runs by name.
  const cmd = await sb.run("psdep", [], { cwd: root, env: NO_NODE });
  assert.equal(cmd.status, 0, cmd.stderr);
  // Quiet: nothing said.
  const quiet = await sb.pip(["install", "pslib"], { cwd: root, env: { ...NO_NODE, PIPSHIM_QUIET: "1" } });
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.doesNotMatch(quiet.stderr, /pipshim:/);
});

e2e("every doubt goes to Node.js: an option, a PIP_ variable, a pip config file, a configured application, a changed .venv, uninstall", async (sb) => {
  const { root } = await known(sb);
  const venv = join(root, ".venv");
  const toNode = async (what: string, args: string[], env: Record<string, string> = {}) => {
    const r = await sb.pip(args, { cwd: root, env: { ...NO_NODE, ...env } });
    assert.notEqual(r.status, 0, `${what}: Node.js was asked`);
    assert.match(r.stderr, /ended without answering/, what);
  };
  await toNode("--user", ["install", "--user", "pslib"]);
  await toNode("a path", ["install", "./x"]);
  await toNode("PIP_TARGET", ["install", "pslib"], { PIP_TARGET: join(sb.root, "t") });
  await toNode("PIPSHIM_TARGET", ["install", "pslib"], { PIPSHIM_TARGET: "project" });
  await toNode("uninstall", ["uninstall", "-y", "pslib"]);
  // A pip config file (the user's) that Node.js did not read: it could name a target.
  mkdirSync(join(sb.home, ".config", "pip"), { recursive: true });
  writeFileSync(join(sb.home, ".config", "pip", "pip.conf"), "[global]\n");
  await toNode("a pip config file", ["install", "pslib"]);
  rmSync(join(sb.home, ".config", "pip"), { recursive: true });
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root, env: NO_NODE })).status, 0, "gone again: the shell's");
  // The environment's own pip.conf (its site configuration).
  writeFileSync(join(venv, "pip.conf"), "");
  await toNode("the environment's own pip.conf", ["install", "pslib"]);
  rmSync(join(venv, "pip.conf"));
  // (The .venv's folder changed: Node.js looks once, and records it again.)
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root, env: NO_NODE })).status, 0);
  assert.equal((await sb.pipshim(["config", "add", "apps", "psapp"])).status, 0);
  await toNode("a configured application", ["install", "pslib"]);
  assert.equal((await sb.pipshim(["config", "remove", "apps", "psapp"])).status, 0);
  // The settings changed since the record: Node.js looks once, and records them again.
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 0);
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root, env: NO_NODE })).status, 0);
  // A .pth dropped into site-packages by hand: the record no longer matches.
  writeFileSync(join(siteOf(venv), "dropped.pth"), "");
  await toNode("a changed site-packages", ["install", "pslib"]);
});
