// Which environments count as pipshim's own, or the user's trusted ones (src/facts/records.ts):
// bound to the folder and its pyvenv.cfg, never to a symbolic link, not fooled by a file written
// over in place; and records of the earlier pipshim (dev:ino:ctime) still honoured while provably
// the same file. Files only; nothing is run.

import { test } from "node:test";
import assert from "node:assert/strict";
import { linkSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cfgIdentity, dirIdentity, madeByPipshim, trustedByUser, trustRecordFor, type VenvRecord } from "../../src/facts/records.js";

function place(): { root: string; venv: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), "pipshim-records-"));
  const venv = join(root, "proj", ".venv");
  mkdirSync(venv, { recursive: true });
  writeFileSync(join(venv, "pyvenv.cfg"), "home = /usr/bin\n");
  return { root, venv, done: () => rmSync(root, { recursive: true, force: true }) };
}

test("records: made and trusted environments are that very folder and pyvenv.cfg", () => {
  const p = place();
  const made: VenvRecord = { path: p.venv, status: "ready", pid: 1, cfg: cfgIdentity(p.venv), dir: dirIdentity(p.venv) };
  const trusted = trustRecordFor(p.venv);
  assert.ok(madeByPipshim(made, p.venv));
  assert.ok(trustedByUser(trusted, p.venv));
  // A hard link to it (as the shell records keep) changes nothing.
  linkSync(join(p.venv, "pyvenv.cfg"), join(p.root, "link"));
  assert.ok(madeByPipshim(made, p.venv) && trustedByUser(trusted, p.venv));
  // Written over in place (cp -r of another .venv over it): another modification time.
  writeFileSync(join(p.venv, "pyvenv.cfg"), "home = /opt/evil\n");
  utimesSync(join(p.venv, "pyvenv.cfg"), new Date(0), new Date(0));
  assert.ok(!madeByPipshim(made, p.venv) && !trustedByUser(trusted, p.venv));
  p.done();
});

test("records: a folder replaced, or a pyvenv.cfg that is a symbolic link to the very file, is not it", () => {
  const p = place();
  const made: VenvRecord = { path: p.venv, status: "ready", pid: 1, cfg: cfgIdentity(p.venv), dir: dirIdentity(p.venv) };
  const trusted = trustRecordFor(p.venv);
  // The old pyvenv.cfg kept elsewhere (as a shell record would), the folder made again around a link to it.
  const kept = join(p.root, "kept.cfg");
  linkSync(join(p.venv, "pyvenv.cfg"), kept);
  rmSync(p.venv, { recursive: true });
  mkdirSync(p.venv);
  symlinkSync(kept, join(p.venv, "pyvenv.cfg"));
  assert.equal(cfgIdentity(p.venv), undefined);
  assert.ok(!madeByPipshim(made, p.venv) && !trustedByUser(trusted, p.venv));
  p.done();
});

test("records: an earlier pipshim's record (dev:ino:ctime) holds while the file is untouched, or its old shell record is that file", () => {
  const p = place();
  const cache = join(p.root, "cache");
  const saved = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = cache;
  try {
    const cfg = join(p.venv, "pyvenv.cfg");
    const st = lstatSync(cfg);
    const old: VenvRecord = { path: p.venv, status: "ready", pid: 1, cfg: `${st.dev}:${st.ino}:${st.ctimeMs}` };
    assert.ok(madeByPipshim(old, p.venv));
    // The shell record that pipshim kept changed its ctime...
    const link = join(cache, "pipshim", "shell", "venvs", p.venv, "pyvenv.cfg");
    mkdirSync(dirname(link), { recursive: true });
    linkSync(cfg, link);
    assert.ok(madeByPipshim(old, p.venv), "the old shell record is that very file");
    rmSync(link);
    assert.ok(!madeByPipshim(old, p.venv), "changed since, and nothing shows it is the same file");
  } finally {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
    p.done();
  }
});
