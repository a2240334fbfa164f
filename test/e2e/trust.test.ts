// Trust (`pipshim trust`): a .venv pipshim did not make (unpacked from an archive, made by hand)
// is run by nothing (pip install/uninstall, pip's other commands, the python shims, `python3 -m
// pip`, `pipshim run`, the prompt hook) until the user trusts it, and a .venv replaced since needs
// it again. A git-tracked, world-writable (folder or bin/) or another user's .venv stays refused.

import assert from "node:assert/strict";
import { chmodSync, copyFileSync, existsSync, linkSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import { PIPSHIM_BIN, type Sandbox } from "../helpers/sandbox.js";

const siteOf = (venv: string) => join(venv, "lib", "python3.11", "site-packages");

/**
 * A project as it comes out of a tarball: no .git, a .venv inside whose Python startup and pip
 * each leave a line in `ran` when run. Returns the project folder.
 */
async function unpackTrap(sb: Sandbox, ran: string): Promise<string> {
  const work = sb.dir("build/proj", { "pyproject.toml": "" });
  const venv = join(work, ".venv");
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", venv])).status, 0);
  writeFileSync(join(siteOf(venv), "trap.pth"), `import os; open(${JSON.stringify(ran)}, "a").write("python\\n")\n`);
  const tarball = join(sb.root, "proj.tar.gz");
  assert.equal((await sb.run("tar", ["-czf", tarball, "-C", join(sb.root, "build"), "proj"])).status, 0);
  rmSync(join(sb.root, "build"), { recursive: true, force: true });
  const into = sb.dir("unpacked");
  assert.equal((await sb.run("tar", ["-xzf", tarball, "-C", into])).status, 0);
  return join(into, "proj");
}

/** Every way a shim or pipshim could run a project's .venv, from a non-interactive sh. */
async function everyRoute(sb: Sandbox, root: string): Promise<{ install: number; prefix: string; run: number; runErr: string }> {
  const install = await sb.pip(["install", "pslib"], { cwd: root });
  for (const [file, args] of [["pip", ["list"]], ["pip", ["uninstall", "-y", "pslib"]], ["pip3", ["--version"]], ["python3", ["-m", "pip", "install", "pslib"]], ["python3.11", ["-c", "pass"]]] as const) {
    await sb.run(file, [...args], { cwd: root });
  }
  const prefix = (await sb.run("python3", ["-c", "import sys; print(sys.prefix)"], { cwd: root })).stdout.trim();
  const run = await sb.pipshim(["run", "python3", "-c", "pass"], { cwd: root });
  return { install: install.status ?? -1, prefix, run: run.status ?? -1, runErr: run.stderr };
}

e2e("trust: a tarball's .venv is run by nothing until `pipshim trust`, then by everything; replaced, it needs trust again", async (sb) => {
  const ran = join(sb.root, "ran");
  const root = await unpackTrap(sb, ran);
  const venv = join(root, ".venv");

  const explain = await sb.pipshim(["explain", "install", "pslib"], { cwd: root });
  assert.match(explain.stdout, /^action: refuse$/m);
  assert.match(explain.stdout, /was not made by pipshim .*run `pipshim trust \S*unpacked\/proj\/\.venv` once/);
  const refused = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(refused.status, 1);
  assert.equal(refused.stdout, "");
  assert.match(refused.stderr, /^pipshim: \S*\/\.venv was not made by pipshim .*pipshim trust/);
  assert.equal(refused.stderr.split("\n").length, 2, "one line");

  const before = await everyRoute(sb, root);
  assert.equal(before.install, 1);
  assert.equal(before.prefix, "/usr", "python3 stays the system's");
  assert.equal(before.run, 1);
  assert.match(before.runErr, /pipshim trust/);
  assert.ok(!existsSync(ran), `nothing in the .venv ran: ${existsSync(ran) ? readFileSync(ran, "utf8") : ""}`);

  const trusted = await sb.pipshim(["trust"], { cwd: join(root) });
  assert.equal(trusted.status, 0, trusted.stderr);
  assert.match(trusted.stderr, /^pipshim: trusted \S*\/\.venv/);
  assert.equal((await sb.pipshim(["trust", root])).stderr, `pipshim: ${venv} is trusted already\n`);
  const r = await sb.pip(["install", "pslib"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(siteOf(venv), "pslib")));
  assert.equal((await sb.run("python3", ["-c", "import sys, pslib; print(sys.prefix)"], { cwd: root })).stdout, `${venv}\n`);
  assert.ok(existsSync(ran), "the trusted .venv runs");

  // The same project unpacked again over it: another .venv, not the one the user trusted.
  rmSync(ran);
  rmSync(root, { recursive: true, force: true });
  assert.equal((await sb.run("tar", ["-xzf", join(sb.root, "proj.tar.gz"), "-C", join(sb.root, "unpacked")])).status, 0);
  const again = await everyRoute(sb, root);
  assert.equal(again.install, 1);
  assert.equal(again.prefix, "/usr");
  assert.equal(again.run, 1);
  assert.ok(!existsSync(ran), "the replaced .venv ran nothing");

  // Taken back: refused again, and said once.
  assert.equal((await sb.pipshim(["trust", root])).status, 0);
  const untrust = await sb.pipshim(["trust", "--untrust", root]);
  assert.equal(untrust.status, 0);
  assert.match(untrust.stderr, /is no longer trusted/);
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 1);
  assert.equal((await sb.run("python3", ["-c", "import sys; print(sys.prefix)"], { cwd: root })).stdout, "/usr\n");
});

e2e("trust: the prompt hook activates a .venv at the first prompt after `pipshim trust`, and leaves it after --untrust or a replacement", async (sb) => {
  const ran = join(sb.root, "ran");
  const root = await unpackTrap(sb, ran);
  const input = join(sb.root, "input.txt");
  const out = join(sb.root, "out.txt");
  const show = 'echo "VIRTUAL_ENV=$VIRTUAL_ENV" >> "$OUT"';
  const trust = `'${PIPSHIM_BIN}' trust 2>/dev/null`;
  const lines = [`eval "$('${PIPSHIM_BIN}' init bash)"`, `cd '${root}'`, show, trust, show, `${trust} --untrust`, show, trust, show, "rm -rf .venv && /usr/bin/python3 -m venv --without-pip .venv", show];
  writeFileSync(input, [...lines, "exit"].join("\n") + "\n");
  writeFileSync(out, "");
  const r = await sb.run("bash", ["--norc", "--noprofile", "-i"], { stdinFile: input, env: { TERM: "dumb", OUT: out } });
  assert.equal(r.status, 0, r.stderr);
  const venv = join(root, ".venv");
  // Trusted: active at the next prompt; taken back, or the .venv replaced: gone at the next prompt.
  assert.equal(readFileSync(out, "utf8"), ["", venv, "", venv, ""].map((v) => `VIRTUAL_ENV=${v}\n`).join(""));
});

e2e("trust: never for a git-tracked, world-writable or another user's .venv, nor its bin/; nothing to trust where pipshim made it", async (sb) => {
  const ran = join(sb.root, "ran");
  const root = await unpackTrap(sb, ran);
  const venv = join(root, ".venv");

  chmodSync(join(venv, "bin"), 0o777);
  const wwBin = await sb.pipshim(["trust", root]);
  assert.equal(wwBin.status, 1);
  assert.match(wwBin.stderr, /^pipshim: \S+ has a bin\/ folder that can be written by every user, so pipshim will not run it/);
  chmodSync(join(venv, "bin"), 0o755);
  assert.equal((await sb.pipshim(["trust", root])).status, 0);
  // Trusted, then opened to everyone: refused all the same.
  chmodSync(join(venv, "bin"), 0o777);
  const after = await everyRoute(sb, root);
  assert.equal(after.install, 1);
  assert.equal(after.prefix, "/usr");
  chmodSync(join(venv, "bin"), 0o755);
  chmodSync(venv, 0o777);
  assert.match((await sb.pip(["install", "pslib"], { cwd: root })).stderr, /can be written by every user/);
  chmodSync(venv, 0o755);

  assert.equal((await sb.run("chown", ["-R", "65534:65534", venv])).status, 0);
  const foreign = await sb.pipshim(["trust", root]);
  assert.equal(foreign.status, 1);
  assert.match(foreign.stderr, /belongs to another user \(uid 65534\)/);
  assert.equal((await sb.run("chown", ["-R", `${process.getuid!()}:${process.getgid!()}`, venv])).status, 0);

  for (const args of [["init", "-q"], ["add", "-f", ".venv/pyvenv.cfg"]]) assert.equal((await sb.run("git", args, { cwd: root })).status, 0);
  const tracked = await sb.pipshim(["trust", root]);
  assert.equal(tracked.status, 1);
  assert.match(tracked.stderr, /came with the git clone \(git tracks it\)/);
  assert.equal((await sb.pip(["install", "pslib"], { cwd: root })).status, 1);
  assert.ok(!existsSync(ran), "nothing in the .venv ran");

  const mine = sb.dir("mine", { "pyproject.toml": "" });
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: mine })).status, 0);
  assert.equal((await sb.pipshim(["trust"], { cwd: mine })).stderr, `pipshim: pipshim made ${join(mine, ".venv")}: it needs no trust\n`);
  const missing = await sb.pipshim(["trust", sb.dir("empty")]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^pipshim: there is no environment at \S+empty\/\.venv/);
  const bad = await sb.pipshim(["trust", "--bogus"]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'pipshim: unknown trust option "--bogus" (pipshim trust --help)\n');
});

e2e("trust: a .venv whose pyvenv.cfg is a symbolic link (to the very file pipshim recorded) is never run", async (sb) => {
  const ran = join(sb.root, "ran");
  const root = sb.dir("proj", { "pyproject.toml": "" });
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: root })).status, 0);
  assert.equal((await sb.run("python3", ["-c", "import sys; print(sys.prefix)"], { cwd: root })).stdout, `${join(root, ".venv")}\n`);
  // The project replaced by one whose .venv points its pyvenv.cfg at a copy of pipshim's own.
  const keep = join(sb.root, "kept.cfg");
  linkSync(join(root, ".venv", "pyvenv.cfg"), keep);
  rmSync(join(root, ".venv"), { recursive: true, force: true });
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", "--without-pip", join(root, ".venv")])).status, 0);
  writeFileSync(join(siteOf(join(root, ".venv")), "trap.pth"), `import os; open(${JSON.stringify(ran)}, "a").write("python\\n")\n`);
  rmSync(join(root, ".venv", "pyvenv.cfg"));
  symlinkSync(keep, join(root, ".venv", "pyvenv.cfg"));
  const explain = await sb.pipshim(["explain", "install", "pslib"], { cwd: root });
  assert.match(explain.stdout, /^action: refuse$/m);
  assert.match(explain.stdout, /pyvenv\.cfg that is not a regular file/);
  const routes = await everyRoute(sb, root);
  assert.equal(routes.install, 1);
  assert.equal(routes.prefix, "/usr");
  assert.equal((await sb.pipshim(["trust", root])).status, 1);
  assert.ok(!existsSync(ran), "nothing in the .venv ran");
});

/** A `node` for PIPSHIM_NODE that leaves a line in `log` whenever the shell asks Node.js. */
function nodeSpy(sb: Sandbox, log: string): string {
  const spy = join(sb.root, "node-spy");
  writeFileSync(spy, `#!/bin/sh\necho asked >> '${log}'\nexec '${process.execPath}' "$@"\n`);
  chmodSync(spy, 0o755);
  return spy;
}

/** What python3 in `root` runs (sys.prefix), and whether the shell asked Node.js for it. */
async function python3In(sb: Sandbox, root: string, env: Record<string, string> = {}): Promise<{ prefix: string; asked: boolean }> {
  const log = join(sb.root, "asked");
  rmSync(log, { force: true });
  const r = await sb.run("python3", ["-c", "import sys; print(sys.prefix)"], { cwd: root, env: { PIPSHIM_NODE: nodeSpy(sb, log), ...env } });
  return { prefix: r.stdout.trim(), asked: existsSync(log) };
}

/** A .venv made with `python3 -m venv --without-pip` whose start-up (a .pth) leaves a line in `ran`. */
async function evilVenv(sb: Sandbox, ran: string): Promise<string> {
  const evil = sb.dir("evil");
  assert.equal((await sb.run("/usr/bin/python3", ["-m", "venv", "--without-pip", join(evil, ".venv")])).status, 0);
  writeFileSync(join(siteOf(join(evil, ".venv")), "trap.pth"), `import os; open(${JSON.stringify(ran)}, "a").write("evil\\n")\n`);
  return join(evil, ".venv");
}

e2e("trust: the shell's record vouches without Node.js, and a .venv written over in place (cp -r) or replaced by one holding hard links to its files is run by nothing", async (sb) => {
  const ran = join(sb.root, "ran");
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const venv = join(root, ".venv");
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: root })).status, 0);
  await python3In(sb, root);
  assert.deepEqual(await python3In(sb, root), { prefix: venv, asked: false }, "the record vouches: no Node.js");

  // Written over through the same inodes: pyvenv.cfg (same text), site-packages gains a .pth.
  const evil = await evilVenv(sb, ran);
  writeFileSync(join(evil, "pyvenv.cfg"), readFileSync(join(venv, "pyvenv.cfg")));
  const cfgIno = statSync(join(venv, "pyvenv.cfg")).ino;
  assert.equal((await sb.run("cp", ["-r", evil, root])).status, 0);
  assert.equal(statSync(join(venv, "pyvenv.cfg")).ino, cfgIno, "written in place");
  const over = await everyRoute(sb, root);
  assert.equal(over.prefix, "/usr");
  assert.equal(over.install, 1);
  assert.equal(over.run, 1);
  assert.ok(!existsSync(ran), "nothing of the archive's ran");
  assert.equal((await sb.pip(["list"], { cwd: root })).stdout.includes("pslib"), false, "pip list is the system's");

  // A fresh .venv of pipshim's, then a folder in its place holding hard links to its pyvenv.cfg
  // and bin/python (times of site-packages and bin/ set back as they were).
  rmSync(venv, { recursive: true, force: true });
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: root })).status, 0);
  await python3In(sb, root);
  assert.deepEqual(await python3In(sb, root), { prefix: venv, asked: false });
  const old = join(root, "old");
  renameSync(venv, old);
  renameSync(evil, venv);
  for (const f of ["pyvenv.cfg", "bin/python"]) {
    rmSync(join(venv, f));
    linkSync(join(old, f), join(venv, f));
  }
  for (const d of ["bin", "lib/python3.11/site-packages"]) {
    const st = statSync(join(old, d));
    utimesSync(join(venv, d), st.atime, st.mtime);
  }
  const swapped = await everyRoute(sb, root);
  assert.equal(swapped.prefix, "/usr");
  assert.equal(swapped.run, 1);
  assert.ok(!existsSync(ran), "nothing of the new folder ran");
});

e2e("trust: a .venv pipshim made, added to git later (in a repository around the project), is refused by the shims too", async (sb) => {
  const mono = sb.dir("mono");
  const root = sb.dir("mono/proj", { "pyproject.toml": "" });
  const venv = join(root, ".venv");
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: root })).status, 0);
  await python3In(sb, root);
  assert.deepEqual(await python3In(sb, root), { prefix: venv, asked: false });
  for (const args of [["init", "-q"], ["add", "-f", "proj/.venv/pyvenv.cfg"]]) assert.equal((await sb.run("git", args, { cwd: mono })).status, 0);
  assert.deepEqual(await python3In(sb, root), { prefix: "/usr", asked: true });
  assert.equal((await sb.pip(["list"], { cwd: root })).stdout.includes("pslib"), false);
  const run = await sb.pipshim(["run", "python3", "-c", "pass"], { cwd: root });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /is tracked by git/);
});

e2e("trust: a .venv whose site-packages, lib/ or pyvenv.cfg another user can write to is refused, by the shims too, and has no record", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const venv = join(root, ".venv");
  assert.equal((await sb.pip(["install", "-q", "pslib"], { cwd: root })).status, 0);
  const record = join(sb.home, ".cache", "pipshim", "shell", "trusted", venv, "ids");
  const me = `${process.getuid!()}:${process.getgid!()}`;
  const cases: [string, () => Promise<void>, () => Promise<void>, RegExp][] = [
    [siteOf(venv), async () => chmodSync(siteOf(venv), 0o777), async () => chmodSync(siteOf(venv), 0o755), /site-packages folder .* can be written by every user/],
    [join(venv, "lib"), async () => void (await sb.run("chown", ["1234", join(venv, "lib")])), async () => void (await sb.run("chown", [me, join(venv, "lib")])), /lib\/ folder that belongs to another user \(uid 1234\)/],
    [join(venv, "pyvenv.cfg"), async () => chmodSync(join(venv, "pyvenv.cfg"), 0o666), async () => chmodSync(join(venv, "pyvenv.cfg"), 0o644), /pyvenv\.cfg that can be written by every user/],
  ];
  for (const [what, open, close, why] of cases) {
    await python3In(sb, root);
    assert.deepEqual(await python3In(sb, root), { prefix: venv, asked: false }, what);
    await open();
    assert.equal((await python3In(sb, root)).prefix, "/usr", what);
    assert.ok(!existsSync(record), `no record while ${what} is open`);
    const r = await sb.pip(["install", "pslib"], { cwd: root });
    assert.equal(r.status, 1, what);
    assert.match(r.stderr, why);
    assert.equal((await sb.pipshim(["run", "python3", "-c", "pass"], { cwd: root })).status, 1, what);
    await close();
  }
});

e2e("trust: `pipshim trust` refuses a .venv whose bin/python3 leads to another user's file, and writes no trust", async (sb) => {
  const root = await unpackTrap(sb, join(sb.root, "ran"));
  const venv = join(root, ".venv");
  const theirs = sb.dir("theirs");
  copyFileSync("/usr/bin/python3.11", join(theirs, "python3.11"));
  chmodSync(join(theirs, "python3.11"), 0o755);
  assert.equal((await sb.run("chown", ["1234", join(theirs, "python3.11")])).status, 0);
  rmSync(join(venv, "bin", "python3"));
  symlinkSync(join(theirs, "python3.11"), join(venv, "bin", "python3"));
  const r = await sb.pipshim(["trust", root]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `pipshim: ${venv} has a bin/python that leads to ${join(theirs, "python3.11")}, which belongs to another user (uid 1234), so pipshim will not run it. Move it away, or make a new one\n`);
  assert.ok(!existsSync(join(sb.home, ".local", "share", "pipshim", "trusted")) || readdirSync(join(sb.home, ".local", "share", "pipshim", "trusted")).length === 0, "no trust written");
});

e2e("trust: no shell records in a cache folder another user can write to (or on the way to one); the shims ask Node.js there", async (sb) => {
  const shared = sb.dir("shared");
  chmodSync(shared, 0o777);
  assert.equal((await sb.run("chown", ["1234", shared])).status, 0);
  const env = { XDG_CACHE_HOME: shared };
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const venv = join(root, ".venv");
  const r = await sb.pip(["install", "-q", "pslib"], { cwd: root, env });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.split("\n")[0], `pipshim: keeping no shell records in ${join(shared, "pipshim")}: ${shared} belongs to another user (uid 1234) (the shims then ask pipshim every time)`);
  assert.equal(r.stderr.match(/keeping no shell records/g)?.length, 1, "said once");
  assert.ok(!existsSync(join(shared, "pipshim", "shell", "trusted")), "no records there");
  assert.deepEqual(await python3In(sb, root, env), { prefix: venv, asked: true }, "Node.js decides, and runs the .venv");

  // The user's own cache, believed; then a folder on the way to it opened to everyone.
  await python3In(sb, root);
  assert.deepEqual(await python3In(sb, root), { prefix: venv, asked: false });
  chmodSync(join(sb.home, ".cache"), 0o777);
  assert.deepEqual(await python3In(sb, root), { prefix: venv, asked: true }, "the shell believes no record there");
  assert.equal((await python3In(sb, root)).asked, true, "nor does Node.js keep one");
  chmodSync(join(sb.home, ".cache"), 0o755);
  await python3In(sb, root);
  assert.deepEqual(await python3In(sb, root), { prefix: venv, asked: false });
  // The record itself another user's: not believed.
  const ids = join(sb.home, ".cache", "pipshim", "shell", "trusted", venv, "ids");
  assert.equal((await sb.run("chown", ["1234", ids])).status, 0);
  assert.equal((await python3In(sb, root)).asked, true);
});
