// The pipshim block as text (src/core/profile-block.ts) and the diff shown for it
// (src/core/diff.ts), as tables: adding to every kind of file, taking out again byte for byte,
// and which marker lines make a block.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { unifiedDiff } from "../../src/core/diff.js";
import {
  NO_ADDITIONS,
  activationCommand,
  addBlock,
  blockCode,
  blockHasPath,
  blockText,
  findBlock,
  pathCode,
  readsBashrc,
  removeBlock,
  type Additions,
  type BlockKind,
  type Edit,
} from "../../src/core/profile-block.js";

const BIN = "/opt/pipshim/bin/pipshim";
const MOVED = "/srv/pipshim/bin/pipshim";

function block(added: Partial<Additions> = {}, kind: BlockKind = "bash", bin = BIN): string {
  return blockText(kind, bin, { ...NO_ADDITIONS, ...added });
}

function after(edit: Edit): string | null {
  assert.ok(edit.ok, edit.ok ? "" : edit.problem);
  return edit.after;
}

describe("addBlock appends one block, and removeBlock gives the file back byte for byte", () => {
  // [what the file is, its text before (null: no file), the text setup puts before the block, what the block records]
  const rows: [string, string | null, string, Partial<Additions>][] = [
    ["no file", null, "", { file: true }],
    ["an empty file", "", "", {}],
    ["lines with a final newline", "a\nb\n", "a\nb\n\n", { blankLine: true }],
    ["no final newline", "a\nb", "a\nb\n\n", { newline: true, blankLine: true }],
    ["an empty last line already", "a\n\n", "a\n\n", {}],
    ["only an empty line", "\n", "\n", {}],
    ["only a space", " ", " \n\n", { newline: true, blankLine: true }],
    ["CRLF lines", "a\r\nb\r\n", "a\r\nb\r\n\n", { blankLine: true }],
    ["a byte-order mark and non-ASCII text", "\uFEFFexport NAME='Zoë'\n", "\uFEFFexport NAME='Zoë'\n\n", { blankLine: true }],
  ];
  for (const [what, before, head, added] of rows) {
    for (const kind of ["bash", "bash-login", "zsh", "fish"] as BlockKind[]) {
      test(`${what} (${kind})`, () => {
        const withBlock = after(addBlock(before, kind, BIN));
        assert.equal(withBlock, head + block(added, kind));
        assert.equal(after(addBlock(withBlock, kind, BIN)), withBlock, "a second setup changes nothing");
        assert.equal(after(removeBlock(withBlock)), before, "teardown gives back the file as it was");
      });
    }
  }
});

describe("a block already there is replaced in place, keeping what its start line records", () => {
  const rows: [string, string, string][] = [
    ["at the end", `a\n\n${block({ blankLine: true }, "bash", MOVED)}`, `a\n\n${block({ blankLine: true })}`],
    ["in the middle", `a\n${block({ newline: true }, "bash", MOVED)}b\n`, `a\n${block({ newline: true })}b\n`],
    ["in a file setup made", block({ file: true }, "bash", MOVED), block({ file: true })],
    ["of another kind", `x\n${block({}, "bash")}`, `x\n${block({}, "bash-login")}`],
    ["whose end line has no newline", `a\n${block({}, "bash", MOVED).slice(0, -1)}`, `a\n${block()}`],
  ];
  for (const [where, before, expected] of rows) {
    test(where, () => {
      const kind = where === "of another kind" ? "bash-login" : "bash";
      assert.equal(after(addBlock(before, kind, BIN)), expected);
    });
  }
});

describe("removeBlock takes away the block and only what setup added with it", () => {
  // [case, the file with its block, the file after teardown (null: removed)]
  const rows: [string, string | null, string | null][] = [
    ["no block: the file as it is", "a\nb", "a\nb"],
    ["no file: still none", null, null],
    ["a file setup made, and nothing else in it: removed", block({ file: true }), null],
    ["a file setup made, with lines added since: kept", `export A=1\n${block({ file: true })}# mine\n`, "export A=1\n# mine\n"],
    ["an empty file setup did not make: kept", block(), ""],
    ["lines after the block: the blank line before it goes", `a\n\n${block({ blankLine: true })}b\n`, "a\nb\n"],
    ["lines after the block: the newline setup gave the last line stays", `a\n\n${block({ newline: true, blankLine: true })}b\n`, "a\nb\n"],
    ["at the end: the newline setup gave goes", `a\n\n${block({ newline: true, blankLine: true })}`, "a"],
    ["the blank line removed by hand since: nothing more goes", `a\n${block({ blankLine: true })}`, "a\n"],
    ["a blank line that was already there stays", `a\n\n${block()}`, "a\n\n"],
    ["a block at the very start", `${block()}a\n`, "a\n"],
    ["an end line without a newline", block({ blankLine: true }).slice(0, -1), ""],
    ["an unknown word on the start line is ignored", block({ blankLine: true }).replace("added=blank-line", "added=blank-line,later v=2"), ""],
  ];
  for (const [what, before, expected] of rows) {
    test(what, () => assert.equal(after(removeBlock(before)), expected));
  }
});

describe("findBlock: which marker lines make a block", () => {
  const start = "# >>> pipshim >>>";
  const end = "# <<< pipshim <<<";
  // [case, text, the block's first and last line numbers | the problem | null: no block]
  const rows: [string, string, [number, number] | RegExp | null][] = [
    ["no markers", "a\nb\n", null],
    ["one block", `a\n${start}\nx\n${end}\nb\n`, [2, 4]],
    ["an end line with spaces after it", `${start} added=file\n${end}  \n`, [1, 2]],
    ["an end line with CR after it", `${start}\r\n${end}\r\n`, [1, 2]],
    ["look-alikes are not markers", `${start}x\n  ${start}\n# >>> pipshimmer >>>\n ${end}\n`, null],
    ["a start without an end", `a\n${start}\nx\n`, /a "# >>> pipshim >>>" line \(line 2\) has no "# <<< pipshim <<<" line after it/],
    ["an end without a start", `a\n${end}\n`, /a "# <<< pipshim <<<" line \(line 2\) has no "# >>> pipshim >>>" line before it/],
    ["an end before the start", `${end}\n${start}\n`, /\(line 1\) has no "# >>> pipshim >>>" line before it/],
    ["two starts, one end", `${start}\n${start}\n${end}\n`, /\(line 1\) has no "# <<< pipshim <<<" line after it/],
    ["a block and a start", `${start}\n${end}\n${start}\n`, /\(line 3\) has no "# <<< pipshim <<<" line after it/],
    ["two blocks", `${start}\n${end}\nx\n${start}\n${end}\n`, /it has 2 pipshim blocks \(from lines 1, 4\)/],
  ];
  for (const [what, text, expected] of rows) {
    test(what, () => {
      const found = findBlock(text);
      if (expected === null) assert.equal(found.kind, "none");
      else if (expected instanceof RegExp) {
        assert.equal(found.kind, "broken");
        if (found.kind === "broken") assert.match(found.problem, expected);
        for (const edit of [addBlock(text, "bash", BIN), removeBlock(text)]) assert.deepEqual(edit, { ok: false, problem: found.kind === "broken" ? found.problem : "" });
      } else {
        assert.equal(found.kind, "block");
        if (found.kind === "block") assert.deepEqual([found.firstLine, found.lastLine], expected);
      }
    });
  }

  test("the start line carries every combination of additions", () => {
    for (const file of [false, true])
      for (const newline of [false, true])
        for (const blankLine of [false, true]) {
          const found = findBlock(block({ file, newline, blankLine }));
          assert.ok(found.kind === "block");
          assert.deepEqual(found.additions, { file, newline, blankLine });
        }
  });
});

describe("the block's code", () => {
  const rows: [BlockKind, string, string][] = [
    ["bash", BIN, `if [ -x '${BIN}' ]; then eval "$('${BIN}' init bash)"; fi`],
    ["zsh", BIN, `if [ -x '${BIN}' ]; then eval "$('${BIN}' init zsh)"; fi`],
    ["bash-login", BIN, `if [ -n "\${BASH_VERSION-}" ] && [ -x '${BIN}' ]; then eval "$('${BIN}' init bash)"; fi`],
    ["fish", BIN, `if test -x '${BIN}'; '${BIN}' init fish | source; end`],
    ["bash", "/home/o'brien/my tools/bin/pipshim", `if [ -x '/home/o'\\''brien/my tools/bin/pipshim' ]; then eval "$('/home/o'\\''brien/my tools/bin/pipshim' init bash)"; fi`],
    ["fish", "/home/o'brien/a\\b/bin/pipshim", `if test -x '/home/o\\'brien/a\\\\b/bin/pipshim'; '/home/o\\'brien/a\\\\b/bin/pipshim' init fish | source; end`],
  ];
  for (const [kind, bin, expected] of rows) test(`${kind}: ${bin}`, () => assert.equal(blockCode(kind, bin), expected));

  test("runs what `pipshim init` asks to be run", () => {
    assert.equal(activationCommand("bash", BIN), `eval "$('${BIN}' init bash)"`);
    assert.equal(activationCommand("fish", BIN), `'${BIN}' init fish | source`);
  });

  test("a whole block", () => {
    assert.equal(
      block({ newline: true, blankLine: true }),
      [
        "# >>> pipshim >>> added=newline,blank-line",
        "# pip and pip3 through pipshim: written by `pipshim setup`, removed by `pipshim teardown`",
        `if [ -x '${BIN}' ]; then eval "$('${BIN}' init bash)"; fi`,
        "# <<< pipshim <<<",
        "",
      ].join("\n"),
    );
    assert.equal(block({}).split("\n")[0], "# >>> pipshim >>>");
  });
});

describe("readsBashrc: does a bash login file read ~/.bashrc?", () => {
  const rows: [string, string, boolean][] = [
    ["Debian's ~/.profile", 'if [ -n "$BASH_VERSION" ]; then\n    if [ -f "$HOME/.bashrc" ]; then\n\t. "$HOME/.bashrc"\n    fi\nfi\n', true],
    ["source ~/.bashrc", "source ~/.bashrc", true],
    ["an empty file", "", false],
    ["only in a comment", "# . ~/.bashrc\n  # source ~/.bashrc\n", false],
    ["only in pipshim's block", block({}, "bash-login", "/x/.bashrc/bin/pipshim"), false],
    ["something else", "export PATH=$HOME/bin:$PATH\n", false],
  ];
  for (const [what, text, expected] of rows) test(what, () => assert.equal(readsBashrc(text), expected));
});

describe("unifiedDiff", () => {
  const rows: [string, string | null, string | null, string][] = [
    ["no change", "a\n", "a\n", ""],
    ["a new file", null, "x\ny\n", "--- /dev/null\n+++ f\n@@ -0,0 +1,2 @@\n+x\n+y\n"],
    ["a removed file", "x\n", null, "--- f\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"],
    ["lines added at the end, three lines of context", "1\n2\n3\n4\n", "1\n2\n3\n4\n\nx\n", "--- f\n+++ f\n@@ -2,3 +2,5 @@\n 2\n 3\n 4\n+\n+x\n"],
    ["lines removed in the middle", "1\n2\nx\n3\n", "1\n2\n3\n", "--- f\n+++ f\n@@ -1,4 +1,3 @@\n 1\n 2\n-x\n 3\n"],
    ["a last line without a newline", "a", "a\n\nx\n", "--- f\n+++ f\n@@ -1 +1,3 @@\n-a\n\\ No newline at end of file\n+a\n+\n+x\n"],
    ["a line replaced", "a\nold\nb\n", "a\nnew\nb\n", "--- f\n+++ f\n@@ -1,3 +1,3 @@\n a\n-old\n+new\n b\n"],
  ];
  for (const [what, before, afterText, expected] of rows) test(what, () => assert.equal(unifiedDiff("f", before, afterText), expected));
});

describe("pipx's bin folder on PATH, in the block (as pipx ensurepath would)", () => {
  const DIR = "/home/u/.local/bin";
  const rows: [BlockKind, string, string][] = [
    ["bash", DIR, `case ":$PATH:" in *:'${DIR}':*) ;; *) export PATH="$PATH":'${DIR}' ;; esac`],
    ["bash-login", DIR, `case ":$PATH:" in *:'${DIR}':*) ;; *) export PATH="$PATH":'${DIR}' ;; esac`],
    ["zsh", DIR, `case ":$PATH:" in *:'${DIR}':*) ;; *) export PATH="$PATH":'${DIR}' ;; esac`],
    ["fish", DIR, `contains -- '${DIR}' $PATH; or set -gx PATH $PATH '${DIR}'`],
    ["bash", "/home/o'b/bin", `case ":$PATH:" in *:'/home/o'\\''b/bin':*) ;; *) export PATH="$PATH":'/home/o'\\''b/bin' ;; esac`],
  ];
  for (const [kind, dir, expected] of rows) test(`${kind}: ${dir}`, () => assert.equal(pathCode(kind, dir), expected));

  for (const kind of ["bash", "bash-login", "zsh", "fish"] as BlockKind[]) {
    test(`a block with it, before the activation, added and removed byte for byte (${kind})`, () => {
      const before = "a\n";
      const withBlock = after(addBlock(before, kind, BIN, DIR));
      const lines = withBlock!.split("\n");
      assert.equal(lines[lines.indexOf(blockCode(kind, BIN)) - 1], pathCode(kind, DIR));
      assert.ok(blockHasPath(withBlock, kind, DIR));
      assert.ok(!blockHasPath(after(addBlock(before, kind, BIN)), kind, DIR));
      assert.equal(after(addBlock(withBlock, kind, BIN, DIR)), withBlock, "a second setup changes nothing");
      assert.equal(after(removeBlock(withBlock)), before);
    });
  }
});
