// The installs bin/pipshim carries out without Node.js (src/core/shell-install.ts): one table of
// (arguments, environment), run against the shell's _pipshim_may_install (dash and bash) and the
// TypeScript shellMayInstall; and every call either takes, fed to the decision with a project
// whose .venv is ready, is a hand-over into that .venv: the shell never does what Node.js would
// not have done.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { decide } from "../../src/core/decide/decide.js";
import { parsePipArgs } from "../../src/core/pip/args.js";
import { FAST_FREE_VARIABLES, FAST_OPTIONS, FAST_SWITCH_VARIABLES, shellMayInstall } from "../../src/core/shell-install.js";
import { facts, PROJECT, PROJECT_VENV, project } from "../fixtures/facts.js";
import { PIPSHIM_BIN } from "../helpers/process.js";

const SHELLS = ["/bin/sh", "/bin/bash"];

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  fast: boolean;
}

const CASES: Case[] = [
  { name: "a name", args: ["install", "pslib"], fast: true },
  { name: "several names, a version, extras", args: ["install", "requests==2.31.0", "flask[async]>=3,<4", "a.b_c-d", "x~=1.0", "y!=2.*"], fast: true },
  { name: "quiet, upgrade and the other listed options", args: ["install", "-q", "-U", "--no-deps", "--force-reinstall", "--pre", "--no-cache-dir", "--no-build-isolation", "--disable-pip-version-check", "pslib"], fast: true },
  { name: "the index variables", args: ["install", "pslib"], env: { PIP_INDEX_URL: "https://i/simple", PIP_FIND_LINKS: "/w /x", PIP_EXTRA_INDEX_URL: "a b", PIP_TRUSTED_HOST: "i" }, fast: true },
  { name: "switches with a yes or a no in any case", args: ["install", "pslib"], env: { PIP_NO_INDEX: "1", PIP_NO_INPUT: "Yes", PIP_DISABLE_PIP_VERSION_CHECK: "OFF", PIP_NO_CACHE_DIR: "f" }, fast: true },
  { name: "not install", args: ["uninstall", "-y", "pslib"], fast: false },
  { name: "nothing to install", args: ["install"], fast: false },
  { name: "only options", args: ["install", "-q"], fast: false },
  { name: "an option before the command", args: ["-q", "install", "pslib"], fast: false },
  { name: "--user", args: ["install", "--user", "pslib"], fast: false },
  { name: "--target", args: ["install", "--target", "t", "pslib"], fast: false },
  { name: "--dry-run", args: ["install", "--dry-run", "pslib"], fast: false },
  { name: "-r a file", args: ["install", "-r", "requirements.txt"], fast: false },
  { name: "-e a path", args: ["install", "-e", "."], fast: false },
  { name: "a path", args: ["install", "./pkg"], fast: false },
  { name: "an absolute path", args: ["install", "/tmp/x.whl"], fast: false },
  { name: "a URL", args: ["install", "https://e/x.whl"], fast: false },
  { name: "a name @ URL", args: ["install", "x@https://e/x.whl"], fast: false },
  { name: "a marker", args: ["install", "x;python_version>'3'"], fast: false },
  { name: "a blank in a requirement", args: ["install", "x >=1"], fast: false },
  { name: "an empty argument", args: ["install", ""], fast: false },
  { name: "a glob character that is not a specifier's", args: ["install", "x?"], fast: false },
  { name: "an option spelled with a value", args: ["install", "--quiet=1", "pslib"], fast: false },
  { name: "an option with a blank around it", args: ["install", " -q", "pslib"], fast: false },
  { name: "a newline", args: ["install", "pslib\n-q"], fast: false },
  { name: "PIP_TARGET", args: ["install", "pslib"], env: { PIP_TARGET: "/t" }, fast: false },
  { name: "PIP_USER", args: ["install", "pslib"], env: { PIP_USER: "1" }, fast: false },
  { name: "PIP_BREAK_SYSTEM_PACKAGES", args: ["install", "pslib"], env: { PIP_BREAK_SYSTEM_PACKAGES: "1" }, fast: false },
  { name: "PIP_CONFIG_FILE", args: ["install", "pslib"], env: { PIP_CONFIG_FILE: "/dev/null" }, fast: false },
  { name: "PIP_PROGRESS_BAR (pip may refuse its value)", args: ["install", "pslib"], env: { PIP_PROGRESS_BAR: "raw" }, fast: false },
  { name: "a switch with a value pip does not read as yes or no", args: ["install", "pslib"], env: { PIP_NO_INDEX: "maybe" }, fast: false },
  { name: "a switch with a blank", args: ["install", "pslib"], env: { PIP_NO_INPUT: " 1" }, fast: false },
  { name: "an empty switch", args: ["install", "pslib"], env: { PIP_NO_INPUT: "" }, fast: false },
  { name: "PIPSHIM_TARGET", args: ["install", "pslib"], env: { PIPSHIM_TARGET: "project" }, fast: false },
  { name: "a PIP_ value holding a line that looks like another export", args: ["install", "pslib"], env: { PIP_FIND_LINKS: "/w\nexport PIP_TARGET='x'" }, fast: false },
];

function shellSays(sh: string, c: Case): boolean {
  const r = spawnSync(sh, ["-c", '. "$0"; shift; _pipshim_may_install "$@" && echo yes || echo no', PIPSHIM_BIN, "__library", ...c.args], {
    env: { PATH: "/usr/bin:/bin", ...c.env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  assert.equal(r.stderr, "", `${sh}: ${c.name}`);
  return r.stdout === "yes\n";
}

test("the installs the shell carries out itself: one table, the shell and TypeScript agree", () => {
  for (const c of CASES) {
    const ts = shellMayInstall(c.args, c.env ?? {});
    // The row with a line that looks like an export: TypeScript sees one free variable and takes
    // it; dash prints the value over two lines in export -p, and the shell doubts (bash prints it
    // on one, and takes it). A doubt goes to Node.js: allowed; the shell never takes more.
    if (c.name.startsWith("a PIP_ value holding a line")) {
      assert.equal(ts, true);
      assert.equal(shellSays("/bin/sh", c), false);
      assert.equal(shellSays("/bin/bash", c), true);
      continue;
    }
    assert.equal(ts, c.fast, `TypeScript: ${c.name}`);
    for (const sh of SHELLS) assert.equal(shellSays(sh, c), c.fast, `${sh}: ${c.name}`);
  }
});

test("the shell's lists are the TypeScript ones", () => {
  for (const sh of SHELLS) {
    const r = spawnSync(sh, ["-c", 'set -- __library; . "$0"; printf "%s\\n" "$_pipshim_fast_options" "$_pipshim_fast_free" "$_pipshim_fast_switches"', PIPSHIM_BIN], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.equal(r.stdout, `${FAST_OPTIONS.join(" ")}\n${FAST_FREE_VARIABLES.join(" ")}\n${FAST_SWITCH_VARIABLES.join(" ")}\n`);
  }
});

test("every call the shell may carry out is, for the decision, a hand-over into the project's ready .venv", () => {
  for (const c of CASES.filter((x) => x.fast)) {
    const f = facts({ cwd: PROJECT, env: c.env ?? {}, project: project("ready") });
    const plan = decide(parsePipArgs(c.args, f.pipConfig, f.env), f);
    assert.equal(plan.kind, "steps", c.name);
    assert.deepEqual(plan.kind === "steps" ? plan.handoff : undefined, { venv: PROJECT_VENV }, c.name);
  }
});
