// Reading a wheel in Node.js (src/sys/zip.ts, src/core/wheel-metadata.ts, src/facts/wheel.ts):
// zips written by the test itself, in the shapes pip's wheels come in and the rarer ones.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { distInfoDir, entryPointScripts, metadataName } from "../../src/core/wheel-metadata.js";
import { readZipTexts, ZipError } from "../../src/sys/zip.js";
import { readWheel } from "../../src/facts/wheel.js";
import { makeZip, writeWheel } from "../helpers/zip.js";

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "pipshim-wheel-test-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test("entry points: console and GUI scripts, in order, as importlib.metadata reads them", () => {
  const text = [
    "# a comment",
    "[console_scripts]",
    "black = black:patched_main",
    "  blackd=blackd:main [d]",
    "",
    "[distutils.commands]",
    "notascript = x:y",
    "[ gui_scripts ]",
    "; another comment",
    "black-gui = black.gui:main",
    "black = black:again",
  ].join("\r\n");
  assert.deepEqual(entryPointScripts(text), ["black", "blackd", "black-gui"]);
  assert.deepEqual(entryPointScripts("[pytest11]\nplugin = p\n"), []);
  assert.deepEqual(entryPointScripts(""), []);
});

test("METADATA: the Name header, not a line of the description", () => {
  assert.equal(metadataName("Metadata-Version: 2.1\nname:  Foo.Bar \nVersion: 1\n\nName: other\n"), "Foo.Bar");
  assert.equal(metadataName("Metadata-Version: 2.1\n\nName: body\n"), undefined);
});

test("the .dist-info folder: top level, with METADATA; the one named as the wheel when there are two", () => {
  const names = ["a/b.dist-info/METADATA", "foo/__init__.py", "Foo_Bar-1.0.dist-info/METADATA", "Foo_Bar-1.0.dist-info/RECORD"];
  assert.equal(distInfoDir(names), "Foo_Bar-1.0.dist-info");
  const two = ["zed-1.0.dist-info/METADATA", "foo_bar-1.0.dist-info/METADATA"];
  assert.equal(distInfoDir(two, "zed-1.0-py3-none-any.whl"), "zed-1.0.dist-info");
  assert.equal(distInfoDir(["x.data/scripts/y"]), undefined);
});

test(
  "zip: stored and deflated entries, a comment after the end record, only the entries asked for",
  withDir(async (dir) => {
    const path = join(dir, "a.zip");
    const big = "x".repeat(200_000);
    writeFileSync(path, makeZip([{ name: "one.txt", data: "stored ✓", stored: true }, { name: "big.txt", data: big }, { name: "skip", data: "no" }], { comment: "PK\u0005\u0006 a comment that looks like a record" }));
    const { names, texts } = await readZipTexts(path, (n) => n.filter((x) => x.endsWith(".txt")));
    assert.deepEqual(names, ["one.txt", "big.txt", "skip"]);
    assert.equal(texts.get("one.txt"), "stored ✓");
    assert.equal(texts.get("big.txt"), big);
    assert.equal(texts.has("skip"), false);
  }),
);

test(
  "zip: ZIP64 records (sizes and offsets in the extra field)",
  withDir(async (dir) => {
    const path = join(dir, "z64.zip");
    writeFileSync(path, makeZip([{ name: "a", data: "first" }, { name: "b", data: "second", stored: true }], { zip64: true }));
    const { texts } = await readZipTexts(path, (n) => n);
    assert.equal(texts.get("a"), "first");
    assert.equal(texts.get("b"), "second");
  }),
);

test(
  "zip: not a zip, or a truncated one, is an error, never a hang or a wrong answer",
  withDir(async (dir) => {
    const notZip = join(dir, "x.whl");
    writeFileSync(notZip, "<html>an error page saved as a wheel</html>");
    await assert.rejects(readZipTexts(notZip, (n) => n), ZipError);
    const whole = makeZip([{ name: "a/METADATA", data: "Name: a\n".repeat(100) }]);
    const cut = join(dir, "cut.whl");
    writeFileSync(cut, Buffer.concat([whole.subarray(0, 40), whole.subarray(whole.length - 22)]));
    await assert.rejects(readZipTexts(cut, (n) => n));
    const empty = join(dir, "empty.whl");
    writeFileSync(empty, "");
    await assert.rejects(readZipTexts(empty, (n) => n), ZipError);
  }),
);

test(
  "wheel: an application's name and commands, a library's name and none",
  withDir(async (dir) => {
    const app = writeWheel(dir, { name: "Some.App", entryPoints: "[console_scripts]\nsome-app = some_app:main\n[gui_scripts]\nsome-app-gui = some_app:gui\n" });
    assert.deepEqual(await readWheel(app), { name: "Some.App", scripts: ["some-app", "some-app-gui"], classifiers: [] });
    const lib = writeWheel(dir, { name: "a_lib", version: "2.0" });
    assert.deepEqual(await readWheel(lib), { name: "a_lib", scripts: [], classifiers: [] });
    const plugin = writeWheel(dir, { name: "plug", entryPoints: "[pytest11]\nplug = plug\n" });
    assert.deepEqual(await readWheel(plugin), { name: "plug", scripts: [], classifiers: [] });
    // Classifiers from METADATA's headers (not its body); a compiled command in .data/scripts counts.
    const framework = writeWheel(dir, {
      name: "fw",
      classifiers: ["Framework :: Flask", "Topic :: Software Development :: Libraries :: Application Frameworks"],
      entryPoints: "[console_scripts]\nfw = fw:main\n",
      dataScripts: ["fw", "fw-native"],
    });
    assert.deepEqual(await readWheel(framework), {
      name: "fw",
      scripts: ["fw", "fw-native"],
      classifiers: ["Framework :: Flask", "Topic :: Software Development :: Libraries :: Application Frameworks"],
    });
    const compiled = writeWheel(dir, { name: "native", dataScripts: ["native"] });
    assert.deepEqual((await readWheel(compiled)).scripts, ["native"]);
    const noInfo = join(dir, "bare-1.0-py3-none-any.whl");
    writeFileSync(noInfo, makeZip([{ name: "bare/__init__.py", data: "" }]));
    await assert.rejects(readWheel(noInfo), /no \.dist-info\/METADATA/);
  }),
);
