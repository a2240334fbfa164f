// pipshim doctor on healthy and broken set-ups, pipshim config, and the manners of the commands.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import { REPO, type Sandbox } from "../helpers/sandbox.js";

interface Doctor {
  ok: boolean;
  checks: { id: string; status: string; title: string; fix?: string }[];
}

async function doctor(sb: Sandbox, env: Record<string, string | undefined> = {}) {
  const r = await sb.pipshim(["doctor", "--json"], { env });
  const report = JSON.parse(r.stdout) as Doctor;
  const status = (id: string) => report.checks.find((c) => c.id === id)?.status;
  return { r, report, status };
}

/** A folder with links to what pipshim needs on PATH, but the tools named in `without`. */
function binWithout(sb: Sandbox, without: string[]): string {
  const bin = sb.dir("bin");
  for (const tool of ["pip", "pip3", "python3", "pipx", "git", "sh", "readlink"]) {
    if (!without.includes(tool)) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  }
  symlinkSync(process.execPath, join(bin, "node"));
  return bin;
}

e2e("doctor: a healthy set-up passes, with the shims first and the shell integration installed", async (sb) => {
  assert.equal((await sb.pipshim(["setup", "--shell", "bash"])).status, 0);
  const { r, report, status } = await doctor(sb);
  assert.equal(r.status, 0, r.stdout);
  assert.equal(report.ok, true);
  for (const id of ["shim-pip", "shim-pip3", "real-pip", "venv", "pipx", "config", "shell"]) assert.equal(status(id), "ok", id);
  const text = await sb.pipshim(["doctor"]);
  assert.match(text.stdout, /^✓ `pip` runs pipshim's shim\n/);
  assert.match(text.stdout, /✓ the real pip behind the shims: \/usr\/bin\/pip\n/);
  assert.match(text.stdout, /· it runs \/usr\/bin\/python3 \(Python 3\.11\), which is externally managed\n {4}marker: \/usr\/lib\/python3\.11\/EXTERNALLY-MANAGED\n/);
  assert.match(text.stdout, /pipshim handles pip install here\.\n$/);
});

e2e("doctor: shims on PATH without the shell integration is only a warning", async (sb) => {
  const { r, status } = await doctor(sb);
  assert.equal(r.status, 0);
  assert.equal(status("shell"), "warn");
});

e2e("doctor: shims not on PATH fails, and says how to fix it", async (sb) => {
  const { r, report, status } = await doctor(sb, { PATH: sb.env.PATH.split(":").slice(1).join(":") });
  assert.equal(r.status, 1);
  assert.equal(status("shim-pip"), "fail");
  assert.match(report.checks.find((c) => c.id === "shim-pip")!.fix!, /pipshim setup/);
  assert.equal(status("shell"), "fail");
});

e2e("doctor: no pipx fails, naming the package", async (sb) => {
  const { r, report, status } = await doctor(sb, { PATH: `${sb.shims}:${binWithout(sb, ["pipx"])}` });
  assert.equal(r.status, 1);
  assert.equal(status("pipx"), "fail");
  assert.equal(report.checks.find((c) => c.id === "pipx")!.fix, "sudo apt install pipx");
});

e2e("doctor: no real pip fails", async (sb) => {
  const { r, status } = await doctor(sb, { PATH: `${sb.shims}:${binWithout(sb, ["pip", "pip3"])}` });
  assert.equal(r.status, 1);
  assert.equal(status("real-pip"), "fail");
});

e2e("a corrupt config file: pip warns once and uses the defaults; config reports it; reset mends it", async (sb) => {
  const file = join(sb.home, ".config", "pipshim", "config.json");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, "{ not json");
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const first = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /pipshim: .*config\.json is invalid \(.*\); using the default settings \(see: pipshim config\)\n/);
  const second = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(second.status, 0);
  assert.doesNotMatch(second.stderr, /invalid/);
  // pip's own commands are untouched either way.
  assert.deepEqual(await sb.pip(["--version"]), await sb.run("/usr/bin/pip", ["--version"]));
  const list = await sb.pipshim(["config", "list"]);
  assert.equal(list.status, 1);
  assert.match(list.stderr, /config\.json is invalid .*: fix it, or start again with: pipshim config reset\n$/);
  const { status } = await doctor(sb);
  assert.equal(status("config"), "fail");
  assert.equal((await sb.pipshim(["config", "reset"])).status, 0);
  assert.equal((await sb.pipshim(["config", "list"])).status, 0);
});

e2e("config: get, set, add, remove, unset, list; unknown keys and wrong types exit 2", async (sb) => {
  const cfg = (...args: string[]) => sb.pipshim(["config", ...args]);
  assert.equal((await cfg("get", "venvName")).stdout, '".venv"\n');
  assert.equal((await cfg("set", "venvName", "env")).status, 0);
  assert.equal((await cfg("get", "venvName")).stdout, '"env"\n');
  assert.equal((await cfg("set", "apps", "black", "httpie")).status, 0);
  assert.equal((await cfg("add", "apps", "ruff")).status, 0);
  assert.equal((await cfg("remove", "apps", "black")).status, 0);
  assert.equal((await cfg("get", "apps")).stdout, '["httpie","ruff"]\n');
  assert.equal((await cfg("set", "quiet", "true")).status, 0);
  assert.equal((await cfg("unset", "venvName")).status, 0);
  assert.match((await cfg("list")).stdout, /^apps = \["httpie","ruff"\]\nlibraries = \[\]\nvenvName = "\.venv"\nquiet = true\nactivate = true\ndefaultEnv = true\n$/);
  const stored = JSON.parse(readFileSync(join(sb.home, ".config", "pipshim", "config.json"), "utf8"));
  assert.deepEqual(stored, { apps: ["httpie", "ruff"], quiet: true });
  for (const [args, message] of [
    [["set", "colour", "red"], /unknown key "colour"/],
    [["set", "quiet", "maybe"], /quiet takes true or false, not "maybe"/],
    [["set", "venvName", "a/b"], /venvName must be a folder name/],
    [["set", "apps", "not a name!"], /apps each entry must be a package name/],
    [["frobnicate"], /unknown config command "frobnicate"/],
  ] as const) {
    const r = await cfg(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.split("\n").length, 2, "one line");
  }
});

e2e("quiet: the setting and PIPSHIM_QUIET silence pipshim's lines (errors still speak)", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const loud = await sb.pip(["install", "pslib"], { cwd: root });
  assert.match(loud.stderr, /pipshim:/);
  const quiet = await sb.pip(["install", "pslib"], { cwd: root, env: { PIPSHIM_QUIET: "1" } });
  assert.equal(quiet.stderr, "");
  assert.equal((await sb.pipshim(["config", "set", "quiet", "true"])).status, 0);
  assert.equal((await sb.pip(["uninstall", "-y", "pslib"], { cwd: root })).stderr, "");
  const bad = await sb.pip(["install", "pslib"], { cwd: root, env: { PIPSHIM_TARGET: "nowhere" } });
  assert.match(bad.stderr, /^pipshim: PIPSHIM_TARGET must be/);
});

e2e("manners: --help on every command, --version, one-line errors, a spinner only on a terminal", async (sb) => {
  for (const cmd of [[], ["explain"], ["config"], ["init"], ["setup"], ["teardown"], ["doctor"]]) {
    const r = await sb.pipshim([...cmd, "--help"]);
    assert.equal(r.status, 0, `${cmd.join(" ")}: ${r.stderr}`);
    assert.match(r.stdout, /Usage|pipshim/);
  }
  const version = await sb.pipshim(["--version"]);
  const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
  assert.equal(version.stdout, `pipshim ${pkg.version}\n`);
  const unknown = await sb.pipshim(["frobnicate"]);
  assert.equal(unknown.status, 2);
  assert.equal(unknown.stderr, 'pipshim: unknown command "frobnicate" (pipshim --help lists them)\n');
  // On a terminal (script(1) gives one), making the venv shows a progress line.
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const tty = await sb.run("script", ["-qec", "pip install -q pslib", "/dev/null"], { cwd: root });
  assert.equal(tty.status, 0, tty.stdout);
  assert.match(tty.stdout, /pipshim: creating .*\.venv [-\\|/]/);
});
