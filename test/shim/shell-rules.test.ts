// Every rule that bin/pipshim applies in the shell and the TypeScript side applies too, as one table
// per rule run against both: the shell's function (`set -- __library; . bin/pipshim` defines them
// without running anything), under dash (the python and command shims' sh) and bash (the pip
// shims'), and the TypeScript function. A row where the two sides differ on purpose says so.
//
// The rules: the switches' yes (PIPSHIM_DISABLE), the loop depth (PIPSHIM_DEPTH), pipshim's
// folders, the project search, the hand-over answer reader, venv activation. The real-pip search
// has its own table (real-pip-search.test.ts), as does the python shim's reading of argv
// (python-shim.test.ts).

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { activatedEnv } from "../../src/core/activation.js";
import { DEPTH_LIMIT, nextDepth } from "../../src/core/guards.js";
import { truthy } from "../../src/core/names.js";
import { decodeAnswer } from "../../src/engine/handoff.js";
import { findProject, PROJECT_MARKS } from "../../src/facts/project.js";
import { ANSWERS, NOT_ANSWERS } from "../fixtures/answers.js";
import { PIPSHIM_BIN } from "../helpers/process.js";

const SHELLS = ["/bin/sh", "/bin/bash"];
const BASE_ENV = { PATH: "/usr/bin:/bin", LC_ALL: "C" };

/** Runs `body` in `shell` with bin/pipshim's functions defined. */
function shell(sh: string, body: string, env: Record<string, string | undefined> = {}, cwd?: string) {
  const full: NodeJS.ProcessEnv = { ...BASE_ENV };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) full[k] = v;
  // stdin from /dev/null: bash takes a socket there (Node.js's pipes are socket pairs) for rshd, and reads ~/.bashrc.
  const r = spawnSync(sh, ["-c", `set -- __library; . "$0"; ${body}`, PIPSHIM_BIN], { env: full, cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** pipshim's folders as the TypeScript side works them out in a process with this environment (env-paths reads HOME once, when loaded). */
function tsFolders(env: Record<string, string | undefined>): unknown {
  const full: NodeJS.ProcessEnv = { ...BASE_ENV };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) full[k] = v;
  const xdg = new URL("../../src/sys/xdg.js", import.meta.url).href;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", `const m = await import(${JSON.stringify(xdg)}); process.stdout.write(JSON.stringify(m.pipshimPaths()));`], { env: full, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

// ---- The switches' yes ----

const SWITCH_VALUES = ["1", "t", "T", "y", "Y", "true", "TRUE", "True", "yes", "YES", "on", "ON", "On", " 1", "ON ", "\t1\n", "  yes  ",
  "0", "", " ", "no", "off", "false", "11", "tru", "yes please", "ON\r", "1 1", "enable", "ja"];

test("the switches' yes (PIPSHIM_DISABLE, PIPSHIM_QUIET): one table, the shell and TypeScript agree", () => {
  for (const sh of SHELLS) {
    for (const v of SWITCH_VALUES) {
      const r = shell(sh, '_pipshim_truthy "$V" && echo yes || echo no', { V: v });
      assert.equal(r.stdout, truthy(v) ? "yes\n" : "no\n", `${sh}: ${JSON.stringify(v)}`);
    }
    // Unset is a no on both sides.
    assert.equal(shell(sh, '_pipshim_truthy "${PIPSHIM_DISABLE-}" && echo yes || echo no').stdout, "no\n");
  }
  assert.equal(truthy(undefined), false);
  // The rows cover both answers.
  assert.ok(SWITCH_VALUES.some(truthy) && !SWITCH_VALUES.every(truthy));
});

// ---- The loop depth ----

const DEPTHS: (string | undefined)[] = [undefined, "", "0", "1", "5", "9", "09", "08", "010", "10", "11", "99", "100", "-1", " 1", "1 ", "a", "1a", "+1", "0x1", "٣"];

test("the loop depth (PIPSHIM_DEPTH): one table, the shell and TypeScript agree, and so do their limits", () => {
  for (const sh of SHELLS) {
    assert.equal(shell(sh, 'echo "$_pipshim_depth_limit"').stdout, `${DEPTH_LIMIT}\n`);
    for (const d of DEPTHS) {
      const r = shell(sh, '_pipshim_name=pip; _pipshim_guards; echo "$_pipshim_depth"', { PIPSHIM_DEPTH: d });
      const next = nextDepth(d);
      if (next > DEPTH_LIMIT) {
        assert.equal(r.status, 126, `${sh}: ${JSON.stringify(d)}: a loop`);
        assert.match(r.stderr, /^pipshim: pip calls itself in a loop/);
      } else {
        assert.equal(r.stdout, `${next}\n`, `${sh}: ${JSON.stringify(d)}`);
      }
    }
  }
  assert.ok(DEPTHS.some((d) => nextDepth(d) > DEPTH_LIMIT), "a row past the limit");
});

// ---- pipshim's folders ----

const FOLDERS: { name: string; env: Record<string, string | undefined>; shellHasNone?: true }[] = [
  { name: "HOME only", env: { HOME: "/h" } },
  { name: "HOME with a trailing slash", env: { HOME: "/h/" } },
  { name: "every XDG folder set", env: { HOME: "/h", XDG_CACHE_HOME: "/c", XDG_CONFIG_HOME: "/g", XDG_DATA_HOME: "/d" } },
  { name: "empty XDG variables count as unset", env: { HOME: "/h", XDG_CACHE_HOME: "", XDG_CONFIG_HOME: "", XDG_DATA_HOME: "" } },
  { name: "XDG folders with spaces", env: { HOME: "/h", XDG_CACHE_HOME: "/my cache", XDG_DATA_HOME: "/my data" } },
  { name: "XDG folders without HOME", env: { XDG_CACHE_HOME: "/c", XDG_CONFIG_HOME: "/g", XDG_DATA_HOME: "/d" } },
  // Node.js falls back to the account's home folder (getpwuid); the shell has none, and so
  // believes no record and sends every call to Node.js: slower, never wrong.
  { name: "no HOME: the shell has no folders (Node.js decides)", env: {}, shellHasNone: true },
];

test("pipshim's folders (cache, config, data): one table, the shell and TypeScript (env-paths) agree", () => {
  for (const row of FOLDERS) {
    const ts = tsFolders(row.env);
    for (const sh of SHELLS) {
      const r = shell(sh, '_pipshim_folders; printf "%s\\n" "$_pipshim_cache" "$_pipshim_config" "$_pipshim_data"', row.env);
      const [cache, config, data] = r.stdout.split("\n");
      if (row.shellHasNone) {
        assert.deepEqual([cache, config, data], ["", "", ""], `${sh}: ${row.name}`);
      } else {
        // env-paths joins with path.join, which drops a doubled slash; the shell keeps it (the same folder).
        const norm = (p: string) => p.replace(/\/+/g, "/");
        assert.deepEqual({ cache: norm(cache), config: norm(config), data: norm(data) }, ts, `${sh}: ${row.name}`);
      }
    }
  }
});

// ---- The hand-over answer reader ----

test("the hand-over answer: every row of the decoder's table, fed to the shell's reader, reads the same; what is not an answer fails on both", () => {
  const dir = mkdtempSync(join(tmpdir(), "pipshim-answers-"));
  try {
    const file = join(dir, "answer");
    const rows: [string, string][] = [...ANSWERS.map((a): [string, string] => [a.name, a.text]), ...NOT_ANSWERS];
    for (const [name, text] of rows) {
      writeFileSync(file, text);
      const ts = decodeAnswer(text);
      for (const sh of SHELLS) {
        const r = shell(sh, '_pipshim_read_answer 9<"$F" && printf "%s\\n%s" "$_pipshim_kind" "$_pipshim_path"', { F: file });
        if (ts === undefined) {
          assert.equal(r.status, 1, `${sh}: ${name}: not an answer, and so never success`);
        } else {
          assert.equal(r.status, 0, `${sh}: ${name}: ${r.stderr}`);
          const [kind, ...path] = r.stdout.split("\n");
          assert.deepEqual(kind === "venv" ? { kind, venv: path.join("\n") } : { kind }, ts, `${sh}: ${name}`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- The project search ----

test("the project's marks: the shell's list is the TypeScript one", () => {
  for (const sh of SHELLS) {
    const marks = shell(sh, 'echo "$_pipshim_marks"').stdout.trim().split(" ");
    // The shell adds requirements*.txt (a glob) and the venvName setting by code.
    assert.deepEqual([...marks, "requirements*.txt", ".venv"].sort(), [...PROJECT_MARKS].sort());
  }
});

test("the project search: one table of folders, the shell and TypeScript find the same project", () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "pipshim-projects-")));
  const d = (rel: string, files: string[] = []) => {
    const p = join(root, rel);
    mkdirSync(p, { recursive: true });
    for (const f of files) writeFileSync(join(p, f), "");
    return p;
  };
  try {
    d("plain/a/b", []);
    d("proj/src/pkg", []);
    writeFileSync(join(root, "proj", "pyproject.toml"), "");
    symlinkSync(join(root, "proj"), join(root, "proj-link"));
    d("home/.git");
    d("home/work/notes");
    symlinkSync(join(root, "home"), join(root, "home-link"));
    d("inner/here", ["setup.py"]);
    d("inner/here/deeper");
    d("reqs", ["requirements-dev.txt"]);
    d("reqsonly", ["requirements.txt.bak", "myrequirements.txt"]);
    d("dangling");
    symlinkSync(join(root, "nowhere"), join(root, "dangling", "setup.cfg"));
    d("envname/env/bin");
    d("envname/sub");
    d("dotvenv/.venv");
    d("pipfile", ["Pipfile"]);
    d("shared/p", ["pyproject.toml"]);
    chmodSync(join(root, "shared"), 0o1777);
    d("shared2", ["pyproject.toml"]);
    chmodSync(join(root, "shared2"), 0o1777);
    d("outer/inner", ["pyproject.toml"]);
    writeFileSync(join(root, "outer", "pyproject.toml"), "");
    const root0 = process.getuid?.() === 0;
    if (root0) chownSync(join(root, "outer", "inner"), 1234, 1234);

    const home = join(root, "home");
    const rows: { name: string; cwd: string; home?: string; venvName?: string; expect: string | null; rootOnly?: true }[] = [
      { name: "no mark up to /", cwd: "plain/a/b", expect: null },
      { name: "a pyproject.toml two levels up", cwd: "proj/src/pkg", expect: "proj" },
      { name: "a project reached through a symbolic link: its real path", cwd: "proj-link/src", expect: "proj" },
      { name: "the home folder is never a project, even with .git", cwd: "home/work/notes", home, expect: null },
      { name: "the home folder itself", cwd: "home", home, expect: null },
      { name: "HOME given through a symbolic link", cwd: "home/work", home: join(root, "home-link"), expect: null },
      { name: "cwd through the link to HOME", cwd: "home-link/work", home, expect: null },
      { name: "the nearest mark wins", cwd: "inner/here/deeper", expect: "inner/here" },
      { name: "requirements-dev.txt", cwd: "reqs", expect: "reqs" },
      { name: "names that only look like requirements files", cwd: "reqsonly", expect: null },
      { name: "a dangling symbolic link counts as a mark", cwd: "dangling", expect: "dangling" },
      { name: "the venvName setting is a mark", cwd: "envname/sub", venvName: "env", expect: "envname" },
      { name: ".venv is a mark only as the venvName", cwd: "dotvenv", venvName: "env", expect: null },
      { name: ".venv with the default venvName", cwd: "dotvenv", expect: "dotvenv" },
      { name: "Pipfile", cwd: "pipfile", expect: "pipfile" },
      { name: "a project inside a sticky folder is still one", cwd: "shared/p", expect: "shared/p" },
      { name: "a sticky folder (as /tmp) is never a project", cwd: "shared2", expect: null },
      { name: "a folder another user owns is skipped; the user's own above it is the project", cwd: "outer/inner", expect: "outer", rootOnly: true },
    ];
    for (const row of rows) {
      if (row.rootOnly && !root0) continue; // chown needs root (CI runs as root)
      const cwd = join(root, row.cwd);
      const homeDir = row.home ?? "/nonexistent-home";
      const ts = findProject(cwd, homeDir, row.venvName ?? ".venv");
      const want = row.expect === null ? null : join(root, row.expect);
      assert.equal(ts?.root ?? null, want, `TypeScript: ${row.name}`);
      for (const sh of SHELLS) {
        // As a shell started there would have it: PWD the logical path (through the link).
        const r = shell(sh, '_pipshim_vn=$VN; _pipshim_find_project; echo "$_pipshim_project"; echo "$PWD"', { HOME: homeDir, VN: row.venvName ?? ".venv", PWD: cwd }, cwd);
        assert.equal(r.stdout, `${want ?? ""}\n${cwd}\n`, `${sh}: ${row.name} (and PWD is left as it was)`);
      }
    }
  } finally {
    chmodSync(join(root, "shared"), 0o755);
    chmodSync(join(root, "shared2"), 0o755);
    rmSync(root, { recursive: true, force: true });
  }
});

// ---- Activation ----

const ACTIVATIONS: Record<string, string | undefined>[] = [
  { PATH: "/usr/bin:/bin" },
  { PATH: "/usr/bin:/bin", PYTHONHOME: "/opt/py", PIPSHIM_CHAIN: "1 :/x", PIPSHIM_DEPTH: "3", OTHER: "kept" },
  { PATH: "/usr/bin:/bin", VIRTUAL_ENV: "/another/venv" },
  { PATH: "" },
];

test("activation (pipshim run, the python shims): one table, the shell and TypeScript give the same environment", () => {
  const venv = "/home/u/my proj/.venv";
  const keys = ["PATH", "VIRTUAL_ENV", "PYTHONHOME", "PIPSHIM_CHAIN", "PIPSHIM_DEPTH", "OTHER"];
  for (const env of ACTIVATIONS) {
    const ts = activatedEnv({ ...env }, venv);
    for (const sh of SHELLS) {
      const r = shell(sh, '_pipshim_activate "$V"; exec /usr/bin/env -0', { ...env, V: venv });
      const got = Object.fromEntries(r.stdout.split("\0").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      const pick = (e: NodeJS.ProcessEnv) => Object.fromEntries(keys.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]));
      assert.deepEqual(pick(got), pick(ts), `${sh}: ${JSON.stringify(env)}`);
    }
  }
});
