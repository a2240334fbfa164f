// Missing pieces get a clear, actionable message and leave nothing half made.

import assert from "node:assert/strict";
import { chmodSync, existsSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { e2e } from "../helpers/e2e.js";

e2e("no pipx: an application gets a message saying how to get pipx; nothing is made", async (sb) => {
  // A PATH with what pipshim needs but pipx.
  const bin = sb.dir("bin");
  for (const tool of ["pip", "pip3", "python3", "git", "sh", "readlink"]) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  symlinkSync(process.execPath, join(bin, "node"));
  const PATH = `${sb.shims}:${bin}`;
  const r = await sb.pip(["install", "psapp"], { env: { PATH } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /pipshim: psapp is an application and belongs in pipx, which is not installed: install it \(sudo apt install pipx\)/);
  assert.ok(!existsSync(join(sb.home, ".local", "share", "pipshim", "default-python3.11")));
  // A library still works without pipx.
  const lib = await sb.pip(["install", "pslib"], { env: { PATH } });
  assert.equal(lib.status, 0, lib.stderr);
});

e2e("no venv/ensurepip (Debian without python3-venv): the message names the package; nothing is made", async (sb) => {
  // A python3 whose ensurepip and virtualenv cannot be imported, as on a Debian without
  // python3-venv (and python3-virtualenv), and a pip that runs under it.
  const blocker = sb.dir("blocker", {
    "sitecustomize.py":
      "import sys\nclass _Block:\n    def find_spec(self, name, path=None, target=None):\n" +
      "        if name.split('.')[0] in ('ensurepip', 'virtualenv'):\n            raise ModuleNotFoundError(name)\n" +
      "sys.meta_path.insert(0, _Block())\n",
  });
  const bin = sb.dir("fakebin");
  const python = join(bin, "python3");
  writeFileSync(python, `#!/bin/sh\nPYTHONPATH=${blocker} exec /usr/bin/python3 "$@"\n`);
  writeFileSync(join(bin, "pip"), `#!${python}\nimport sys\nfrom pip._internal.cli.main import main\nsys.exit(main())\n`);
  chmodSync(python, 0o755);
  chmodSync(join(bin, "pip"), 0o755);
  const root = sb.dir("proj", { "pyproject.toml": "" });
  const PATH = `${sb.shims}:${bin}:${sb.env.PATH}`;
  const r = await sb.pip(["install", "pslib"], { cwd: root, env: { PATH } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot create virtual environments \(its ensurepip module is missing\): install the python3-venv package \(sudo apt install python3-venv\)/);
  assert.ok(!existsSync(join(root, ".venv")));
  assert.equal(dirname(python), bin);
});
