// Where the real pip would not refuse, pipshim is invisible: the same stdout, stderr and exit
// status as /usr/bin/pip, byte for byte. Each case runs twice in the same fresh folder, once
// through the shim and once with the real pip, and the two results must be equal.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import type { Sandbox } from "../helpers/sandbox.js";

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** Files (relative to the case's folder) written before each run. */
  files?: Record<string, string>;
  /** Inside a project, to show that pass-through wins over project routing. */
  project?: boolean;
  /** Expected exit status (a check that the case does what its name says), where the machine does not decide it. */
  status?: number;
}

const CASES: Case[] = [
  { name: "--version", args: ["--version"], status: 0 },
  { name: "no arguments (help)", args: [], status: 0 },
  { name: "list", args: ["list"], status: 0 },
  { name: "list --format=json with -q before the command", args: ["-q", "list", "--format=json"], status: 0 },
  { name: "freeze", args: ["freeze"], status: 0 },
  { name: "show pip", args: ["show", "pip"], status: 0 },
  { name: "show install (the word install, not the command)", args: ["show", "install"], status: 1 },
  { name: "help install", args: ["help", "install"], status: 0 },
  { name: "install --help", args: ["install", "--help"], project: true, status: 0 },
  { name: "config list", args: ["config", "list"], status: 0 },
  { name: "cache dir", args: ["cache", "dir"], status: 0 },
  { name: "check", args: ["check"] },
  { name: "download", args: ["download", "--no-deps", "-d", "dl", "pslib"], status: 0 },
  { name: "wheel", args: ["wheel", "--no-deps", "-w", "wh", "pslib"], status: 0 },
  { name: "hash", args: ["hash", "data.bin"], files: { "data.bin": "pipshim\n" }, status: 0 },
  { name: "inspect", args: ["inspect"], status: 0 },
  { name: "completion --bash", args: ["completion", "--bash"], status: 0 },
  { name: "an unknown command", args: ["instal", "pslib"], status: 1 },
  { name: "--isolated list", args: ["--isolated", "list"], status: 0 },
  // Exemptions pip honours itself.
  { name: "install --target", args: ["install", "--target", "t", "pslib"], project: true, status: 0 },
  { name: "install -tDIR (short, attached)", args: ["install", "-tt", "pslib"], status: 0 },
  { name: "install --targ=DIR (abbreviated)", args: ["install", "--targ=t", "pslib"], status: 0 },
  { name: "install --prefix", args: ["install", "--prefix", "p", "pslib"], project: true, status: 0 },
  { name: "install --root", args: ["install", "--root", "r", "pslib"], status: 0 },
  { name: "install --dry-run --report -", args: ["install", "--dry-run", "--report", "-", "pslib"], project: true, status: 0 },
  { name: "PIP_TARGET in the environment", args: ["install", "pslib"], env: { PIP_TARGET: "t" }, status: 0 },
  {
    name: "--break-system-packages (with --dry-run: the test changes nothing)",
    args: ["install", "--break-system-packages", "--dry-run", "pslib"],
    project: true,
    status: 0,
  },
  { name: "PIP_BREAK_SYSTEM_PACKAGES=1", args: ["install", "--dry-run", "pslib"], env: { PIP_BREAK_SYSTEM_PACKAGES: "1" }, status: 0 },
  {
    name: "break-system-packages in a pip config file",
    args: ["install", "--dry-run", "pslib"],
    env: { PIP_CONFIG_FILE: "pip.conf" },
    files: { "pip.conf": "[install]\nbreak-system-packages = true\n" },
    status: 0,
  },
  { name: "uninstall --break-system-packages (nothing installed)", args: ["uninstall", "--break-system-packages", "-y", "pslib"], status: 0 },
  { name: "PIPSHIM_DISABLE=1: pip's own refusal", args: ["install", "pslib"], env: { PIPSHIM_DISABLE: "1" }, project: true, status: 1 },
  { name: "a bad option", args: ["install", "--bogus", "pslib"], project: true, status: 2 },
  { name: "an option missing its value", args: ["install", "pslib", "-r"], status: 2 },
  { name: "install with nothing to install: pip's own refusal", args: ["install"], status: 1 },
];

async function runIn(sb: Sandbox, c: Case, dir: string, file: string) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (c.project) writeFileSync(join(dir, "pyproject.toml"), "");
  for (const [name, text] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), text);
  const r = await sb.run(file, c.args, { cwd: dir, env: c.env });
  return { ...r, venv: existsSync(join(dir, ".venv")) };
}

for (const c of CASES) {
  e2e(`pass-through is byte-identical to the real pip: ${c.name}`, async (sb) => {
    const dir = join(sb.root, "case");
    const viaShim = await runIn(sb, c, dir, "pip");
    const real = await runIn(sb, c, dir, "/usr/bin/pip");
    assert.deepEqual(viaShim, real);
    if (c.status !== undefined) assert.equal(real.status, c.status, real.stderr);
    assert.equal(viaShim.venv, false, "no .venv made");
  });
}

e2e("pass-through: a venv activated behind the shims is used as it is", async (sb) => {
  const venv = join(sb.root, "myenv");
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", venv])).status, 0);
  const env = { PATH: `${sb.env.PATH.split(":")[0]}:${venv}/bin:${sb.env.PATH}`, VIRTUAL_ENV: venv };
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const r = await sb.pip(["install", "pslib"], { cwd: root, env });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /pipshim:/);
  assert.ok(existsSync(join(venv, "lib", "python3.11", "site-packages", "pslib")));
  assert.ok(!existsSync(join(root, ".venv")));
});
