// pipshim explain: the plan, without doing it.

import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { e2e } from "../helpers/e2e.js";

e2e("explain --json: project, application, library, mixed and pass-through, changing nothing", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const project = JSON.parse((await sb.pipshim(["explain", "--json", "install", "pslib"], { cwd: root })).stdout);
  assert.equal(project.action, "project");
  assert.equal(project.interpreter, "/usr/bin/python3");
  assert.equal(project.target, join(root, ".venv"));
  assert.match(project.reason, /externally managed .*is a project \(pyproject\.toml\)/);
  assert.ok(!existsSync(join(root, ".venv")), "explain made nothing");

  const app = JSON.parse((await sb.pipshim(["explain", "--json", "install", "psapp"])).stdout);
  assert.equal(app.action, "pipx");
  assert.equal(app.target, "pipx");
  assert.deepEqual(app.packages.map((p: { name: string; action: string }) => [p.name, p.action]), [["psapp", "pipx"]]);

  const mixed = JSON.parse((await sb.pipshim(["explain", "--json", "install", "psapp", "pslib"])).stdout);
  assert.equal(mixed.action, "mixed");
  assert.deepEqual(mixed.packages.map((p: { name: string; action: string }) => [p.name, p.action]), [["psapp", "pipx"], ["pslib", "default"]]);

  const lib = JSON.parse((await sb.pipshim(["explain", "--json", "install", "pslib"])).stdout);
  assert.equal(lib.action, "default");
  assert.equal(lib.target, join(sb.home, ".local", "share", "pipshim", "default-python3.11"));

  const pass = JSON.parse((await sb.pipshim(["explain", "--json", "install", "--target", "t", "pslib"])).stdout);
  assert.equal(pass.action, "passthrough");
  assert.equal(pass.target, "/usr/bin/pip");
  assert.match(pass.reason, /--target installs outside/);

  assert.ok(!existsSync(join(sb.pipxHome, "venvs")));
  assert.deepEqual(readdirSync(sb.home).filter((e) => e === ".venv"), []);
});

e2e("explain (text): one fact per line, and what it would run", async (sb) => {
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const r = await sb.pipshim(["explain", "install", "--user", "pslib"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^action: project\n/);
  assert.match(r.stdout, /\nwould: make .*\/\.venv if it is missing/);
  assert.match(r.stdout, /\nwould: env PIP_USER=0 .*\/\.venv\/bin\/pip install pslib\n/);
});
