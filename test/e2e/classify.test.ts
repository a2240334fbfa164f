// Classification (application or library?) once per call and cheaply, through the real shim and
// the real pip, against a local index that counts what pip fetches (no index is reachable here):
// one `pip download` for all named requirements, wheels read without building, results cached,
// no package code run by explain, pip's own error for what does not exist.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";
import { countingIndex, type CountingIndex } from "../helpers/counting-index.js";
import { fixtureWheels } from "../helpers/wheels.js";
import { writeWheel } from "../helpers/zip.js";
import type { Sandbox } from "../helpers/sandbox.js";
import { PIPSHIM_BIN, runProcess } from "../helpers/process.js";
import { spawn } from "node:child_process";
import { classifyRequirements } from "../../src/facts/classify.js";

const defaultEnv = (home: string) => join(home, ".local", "share", "pipshim", "default-python3.11");
const cacheEntries = (sb: Sandbox) => {
  const dir = join(sb.home, ".cache", "pipshim", "classified");
  return existsSync(dir) ? readdirSync(dir) : [];
};

/** A source distribution whose setup.py leaves a marker file when it runs, and declares one command. */
async function markerSdist(dir: string, name: string, marker: string): Promise<string> {
  const tree = join(dir, "sdist-src", `${name}-1.0`);
  mkdirSync(tree, { recursive: true });
  writeFileSync(join(tree, "setup.py"), markerSetup(name, marker));
  writeFileSync(join(tree, "PKG-INFO"), `Metadata-Version: 2.1\nName: ${name}\nVersion: 1.0\n`);
  const r = await runProcess("tar", ["-czf", join(dir, `${name}-1.0.tar.gz`), "-C", join(dir, "sdist-src"), `${name}-1.0`], { PATH: "/usr/bin:/bin" });
  assert.equal(r.status, 0, r.stderr);
  return join(dir, `${name}-1.0.tar.gz`);
}

function markerSetup(name: string, marker: string): string {
  return [
    "import pathlib",
    `pathlib.Path(${JSON.stringify(marker)}).write_text("setup.py ran")`,
    "from setuptools import setup",
    `setup(name=${JSON.stringify(name)}, version="1.0", py_modules=[], entry_points={"console_scripts": ["${name}=os:getcwd"]})`,
    "",
  ].join("\n");
}

/** The sandbox's pip pointed at `idx` only: no find-links, no --no-index. */
const viaIndex = (idx: CountingIndex) => ({ env: { PIP_NO_INDEX: undefined, PIP_FIND_LINKS: undefined, PIP_INDEX_URL: idx.url } });

async function withIndex(sb: Sandbox, extra: (dir: string) => Promise<void> | void, fn: (idx: CountingIndex) => Promise<void>): Promise<void> {
  const dir = sb.dir("index-extra");
  await extra(dir);
  const idx = await countingIndex([await fixtureWheels(), dir]);
  try {
    await fn(idx);
  } finally {
    await idx.close();
  }
}

e2e("an application goes to pipx, its wheel fetched once to classify it (and once by pipx's own install)", async (sb) => {
  await withIndex(sb, () => {}, async (idx) => {
    const r = await sb.pip(["install", "psapp"], viaIndex(idx));
    assert.equal(r.status, 0, r.stderr);
    // Only its commands said "application": the line says it is a guess, and how to turn it.
    assert.match(r.stderr, /pipshim: .*psapp → pipx \(an application\): a guess from its commands \(if it is a library: pipshim config add libraries psapp\)\n/);
    assert.equal((await sb.run("psapp", [])).stdout, "psapp 1.0\n");
    // bin/pipshim runs Node.js twice for a pipx install (the hand-over offer, then the run): the
    // cache keeps it to one classification download; pipx's pip fetches the wheel once more.
    assert.equal(idx.fetched("psapp-"), 2, JSON.stringify([...idx.files]));
    assert.equal(cacheEntries(sb).length, 1);
    assert.ok(!existsSync(defaultEnv(sb.home)));
    assert.deepEqual(readdirSync(sb.env.TMPDIR).filter((f) => f.startsWith("pipshim-classify-")), [], "no temporary folder left");
  });
});

e2e("explain, then install: classified once (the install downloads nothing to classify)", async (sb) => {
  await withIndex(sb, () => {}, async (idx) => {
    const ex = await sb.pipshim(["explain", "install", "pslib"], viaIndex(idx));
    assert.equal(ex.status, 0, ex.stderr);
    assert.match(ex.stdout, /^action: default\n/);
    assert.equal(idx.fetched("pslib-"), 1);
    const r = await sb.pip(["install", "pslib"], viaIndex(idx));
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(defaultEnv(sb.home), "lib", "python3.11", "site-packages", "pslib")));
    assert.equal(idx.fetched("pslib-"), 2, "one fetch to classify (explain), one by the install itself");
    assert.equal(cacheEntries(sb).length, 1);
  });
});

e2e("three libraries in one call: one pip download classifies them all", async (sb) => {
  await withIndex(
    sb,
    (dir) => {
      writeWheel(dir, { name: "pslibb" });
      writeWheel(dir, { name: "pslibc" });
    },
    async (idx) => {
      const ex = await sb.pipshim(["explain", "--json", "install", "pslib", "pslibb", "pslibc"], viaIndex(idx));
      assert.equal(ex.status, 0, ex.stderr);
      const plan = JSON.parse(ex.stdout);
      assert.equal(plan.action, "default");
      assert.deepEqual(plan.packages.map((p: { name: string }) => p.name), ["pslib", "pslibb", "pslibc"]);
      // One pip process: one connection to the index, each page and each wheel asked for once.
      assert.equal(idx.connections(), 1, "one pip run");
      for (const p of ["pslib", "pslibb", "pslibc"]) {
        assert.equal(idx.pages.get(p), 1, p);
        assert.equal(idx.fetched(`${p}-`), 1, p);
      }
      const r = await sb.pip(["install", "pslib", "pslibb", "pslibc"], viaIndex(idx));
      assert.equal(r.status, 0, r.stderr);
      for (const p of ["pslib", "pslibb", "pslibc"]) assert.equal(idx.fetched(`${p}-`), 2, `${p}: once to classify, once to install`);
      const check = await sb.run(join(defaultEnv(sb.home), "bin", "python"), ["-c", "import pslib, pslibb, pslibc; print(pslibc.VALUE)"]);
      assert.equal(check.stdout, "pslibc 1.0\n", check.stderr);
    },
  );
});

e2e("explain runs no package code: a local folder, and a project with only a source distribution, need a build", async (sb) => {
  const marker = join(sb.root, "MARKER");
  await withIndex(
    sb,
    (dir) => markerSdist(dir, "pssrc", marker).then(() => undefined),
    async (idx) => {
      sb.dir("work/localpkg", { "setup.py": markerSetup("pslocal", marker) });
      const local = await sb.pipshim(["explain", "install", "./localpkg"], { ...viaIndex(idx), cwd: join(sb.root, "work") });
      assert.equal(local.status, 0, local.stderr);
      assert.match(local.stdout, /^action: classify\n/);
      assert.match(local.stdout, /a build would be needed to tell for \.\/localpkg \(a local folder/);
      assert.equal(idx.connections(), 0, "nothing downloaded for a local folder");

      const sdist = await sb.pipshim(["explain", "install", "pssrc"], viaIndex(idx));
      assert.equal(sdist.status, 0, sdist.stderr);
      assert.match(sdist.stdout, /a build would be needed to tell for pssrc \(no wheel of pssrc for this Python, only a source distribution/);
      assert.ok(!existsSync(marker), "explain ran a setup.py");
      assert.equal(idx.fetched("pssrc-"), 0, "the source distribution was not even downloaded");
      assert.deepEqual(cacheEntries(sb), [], "needs-build is not cached");
    },
  );
});

e2e("a package that exists nowhere: pip's own message and status, for install and for explain, and nothing cached", async (sb) => {
  await withIndex(sb, () => {}, async (idx) => {
    const r = await sb.pip(["install", "no-such-package-xyz"], viaIndex(idx));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /ERROR: Could not find a version that satisfies the requirement no-such-package-xyz \(from versions: none\)\nERROR: No matching distribution found for no-such-package-xyz\n/);
    assert.ok(!existsSync(defaultEnv(sb.home)));
    assert.ok(!existsSync(join(sb.pipxHome, "venvs")));
    const ex = await sb.pipshim(["explain", "--json", "install", "pslib", "no-such-package-xyz"], viaIndex(idx));
    assert.equal(ex.status, 0, ex.stderr);
    const plan = JSON.parse(ex.stdout);
    assert.equal(plan.action, "refuse");
    assert.equal(plan.reason, "pip could not get no-such-package-xyz");
    assert.equal(plan.exitCode, 1);
    assert.match(plan.stderr, /ERROR: No matching distribution found for no-such-package-xyz\n$/);
    assert.deepEqual(cacheEntries(sb).length, 1, "pslib only: errors are not cached");
  });
});

e2e("classifyRequirements: one failing requirement among others, wheels kept for the install, a build when allowed", async (sb) => {
  const marker = join(sb.root, "MARKER");
  await withIndex(
    sb,
    (dir) => markerSdist(dir, "pssrc", marker).then(() => undefined),
    async (idx) => {
      const env = { ...sb.env, PIP_INDEX_URL: idx.url, PIP_REQUIRE_VIRTUALENV: "1" } as NodeJS.ProcessEnv;
      delete env.PIP_NO_INDEX;
      delete env.PIP_FIND_LINKS;
      const base = { realPip: "/usr/bin/pip", interpreter: "/usr/bin/python3", indexArgs: [], env, cwd: sb.home, cacheDir: join(sb.root, "cache") };
      const first = await classifyRequirements({ ...base, requirements: ["pslib", "no-such-package-xyz", "PsApp==1.0"], build: false, keepDownloads: true });
      assert.deepEqual(first.classified.get("pslib"), { kind: "library", name: "pslib" });
      assert.deepEqual(first.classified.get("PsApp==1.0"), { kind: "app", name: "psapp", scripts: ["psapp"] });
      const err = first.classified.get("no-such-package-xyz");
      assert.equal(err?.kind, "error");
      assert.ok(first.wheelDir);
      assert.deepEqual(readdirSync(first.wheelDir).sort(), ["psapp-1.0-py3-none-any.whl", "pslib-1.0-py3-none-any.whl"]);

      // Cached: nothing asked of the index, nothing downloaded, no folder to remove.
      const before = idx.connections();
      const again = await classifyRequirements({ ...base, requirements: ["pslib", "PsApp==1.0"], build: false, keepDownloads: true });
      assert.equal(again.classified.get("pslib")?.kind, "library");
      assert.equal(again.wheelDir, undefined);
      assert.equal(idx.connections(), before);

      // A source distribution: "needs-build" without a build, built (its setup.py runs) with one.
      const unbuilt = await classifyRequirements({ ...base, requirements: ["pssrc"], build: false });
      assert.equal(unbuilt.classified.get("pssrc")?.kind, "needs-build");
      assert.ok(!existsSync(marker));
      const built = await classifyRequirements({ ...base, indexArgs: ["--no-build-isolation"], requirements: ["pssrc"], build: true });
      assert.deepEqual(built.classified.get("pssrc"), { kind: "app", name: "pssrc", scripts: ["pssrc"] });
      assert.ok(existsSync(marker), "the build ran setup.py, as pip install would");
      rmSync(first.wheelDir, { recursive: true, force: true }); // the caller's to remove
    },
  );
});

e2e("Ctrl-C during the classification download: pip's status, no retry, no temporary folder, nothing cached", async (sb) => {
  const idx = await countingIndex([await fixtureWheels()], "psapp-");
  try {
    const env = { ...sb.env, PIP_INDEX_URL: idx.url } as NodeJS.ProcessEnv;
    delete env.PIP_NO_INDEX;
    delete env.PIP_FIND_LINKS;
    const child = spawn(PIPSHIM_BIN, ["explain", "--json", "install", "pslib", "psapp"], { cwd: sb.home, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    const done = new Promise<number | null>((r) => child.on("close", (status) => r(status)));
    await idx.downloading;
    process.kill(-child.pid!, "SIGINT"); // the terminal's Ctrl-C: the whole foreground group
    const status = await done;
    assert.equal(status, 0, "explain reports the plan");
    const plan = JSON.parse(stdout);
    assert.equal(plan.action, "refuse");
    assert.equal(plan.exitCode, 1, "pip's status after a Ctrl-C");
    assert.match(plan.stderr, /Operation cancelled by user/);
    assert.equal(idx.fetched("psapp-"), 1, "no second run after the Ctrl-C");
    assert.equal(idx.connections(), 1);
    assert.deepEqual(readdirSync(sb.env.TMPDIR).filter((f) => f.startsWith("pipshim-classify-")), [], "no temporary folder left");
    assert.deepEqual(cacheEntries(sb).length <= 1, true, "at most pslib, which pip had got");
  } finally {
    await idx.close();
  }
});

/** A script run by sh as a Dockerfile's RUN would run it: no hook, only the shims and pipx's bin folder before the system's. */
const script = (sb: Sandbox, text: string, cwd: string) => sb.run("/bin/sh", ["-c", text], { cwd });

e2e("a library that ships a command (a Framework classifier, like Flask): the default environment; import it and run its command by name on the next lines", async (sb) => {
  const out = sb.dir("somewhere");
  const ex = await sb.pipshim(["explain", "install", "psframe"], { cwd: out });
  assert.equal(ex.status, 0, ex.stderr);
  assert.match(ex.stdout, /^action: default\n/);
  assert.match(ex.stdout, /package: psframe → default .*: psframe is a library by its classifiers \(Framework :: Flask\), though it provides commands \(psframe\) \[decided by its classifiers\]\n/);
  const r = await script(sb, "pip install psframe && python3 -c 'import psframe; print(psframe.VALUE)' && psframe", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Successfully installed psframe-1\.0\npsframe 1\.0\npsframe command psframe 1\.0\n$/m);
  assert.match(r.stderr, /pipshim: .*installing into pipshim's default environment/);
  assert.doesNotMatch(r.stderr, /pipx|guess/);
  assert.ok(existsSync(join(defaultEnv(sb.home), "bin", "psframe")));
  assert.ok(!existsSync(join(sb.pipxHome, "venvs", "psframe")), "not in pipx");
  // The system's python, named by its path, sees nothing new.
  const system = await script(sb, "/usr/bin/python3 -c 'import psframe'", out);
  assert.equal(system.status, 1);
  assert.match(system.stderr, /No module named 'psframe'/);
});

e2e("explain names what decided: a guess from commands, then the user's setting turns it; a known package is not even downloaded", async (sb) => {
  await withIndex(sb, () => {}, async (idx) => {
    const guess = await sb.pipshim(["explain", "--json", "install", "psapp"], viaIndex(idx));
    assert.equal(guess.status, 0, guess.stderr);
    const g = JSON.parse(guess.stdout);
    assert.equal(g.action, "pipx");
    assert.deepEqual(g.packages.map((p: { name: string; decidedBy: string }) => [p.name, p.decidedBy]), [["psapp", "commands"]]);
    assert.match(g.messages.before.join("\n"), /psapp → pipx \(an application\): a guess from its commands \(if it is a library: pipshim config add libraries psapp\)/);
    const text = await sb.pipshim(["explain", "install", "psapp"], viaIndex(idx));
    assert.match(text.stdout, /package: psapp → pipx \(pipx\): psapp provides commands \(psapp\): a guess that it is an application \[decided by a guess from its commands\]\n/);

    assert.equal((await sb.pipshim(["config", "add", "libraries", "psapp"])).status, 0);
    const set = JSON.parse((await sb.pipshim(["explain", "--json", "install", "psapp"], viaIndex(idx))).stdout);
    assert.equal(set.action, "default");
    assert.equal(set.packages[0].decidedBy, "setting");

    // Known packages: decided without asking the index anything.
    const before = idx.connections();
    const known = await sb.pipshim(["explain", "--json", "install", "Flask", "black"], viaIndex(idx));
    assert.equal(known.status, 0, known.stderr);
    const k = JSON.parse(known.stdout);
    assert.equal(k.action, "mixed");
    assert.deepEqual(
      k.packages.map((p: { requirement: string; action: string; decidedBy: string }) => [p.requirement, p.action, p.decidedBy]),
      [["Flask", "default", "known-list"], ["black", "pipx", "known-list"]],
    );
    assert.doesNotMatch(k.messages.before.join("\n"), /guess/);
    const knownText = await sb.pipshim(["explain", "install", "numpy"], viaIndex(idx));
    assert.match(knownText.stdout, /numpy is a library on pipshim's list of known packages: .* \[decided by pipshim's list of known packages\]\n/);
    assert.equal(idx.connections(), before, "nothing downloaded for known packages");
  });
});
