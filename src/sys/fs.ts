// pipshim's file primitives, one of each: a folder made with a bounded number of steps, a file
// written atomically (keeping the old file's mode and owner), a file read without ever blocking.
// Failures the user can act on (a read-only disk, a file where a folder should be, ...) become one
// line that says what to do (FsError, a UserError); anything else is a bug and stays an error.

import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { UserError } from "./output.js";
import { folderVariable } from "./xdg.js";

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a part of the path is not a folder",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EISDIR: "it is a folder",
  ERR_FS_EISDIR: "it is a folder",
  ENOENT: "no such file or folder",
};

function reason(code: string, verb: string): string {
  // mkdir fails with ENOENT under a parent that exists where folders cannot be made (/proc).
  if (code === "ENOENT" && verb === "make the folder") return "a folder on the way cannot be made there";
  return REASONS[code];
}

/** A failure the user can act on: `cannot <verb> <path>: <reason> (<what to do>)`. */
export class FsError extends UserError {
  constructor(
    readonly code: string,
    readonly path: string,
    readonly reason: string,
    verb: string,
  ) {
    const fix = fixFor(path);
    super(`cannot ${verb} ${path}: ${reason}${fix ? ` (${fix})` : ""}`, 1);
  }
}

/** What to do about a path pipshim cannot write: for its own folders, the variable that moves them. */
function fixFor(path: string): string | undefined {
  const variable = folderVariable(path);
  return variable ? `set ${variable} to a writable folder` : undefined;
}

/** An FsError for a failure the user can act on; anything else as it is (a bug: exit 70). */
export function fsFailure(e: unknown, verb: string, path: string): unknown {
  if (e instanceof FsError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  return code !== undefined && code in REASONS ? new FsError(code, path, reason(code, verb), verb) : e;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Makes a folder and the folders above it that are missing. One mkdir(2) per missing folder, never
 * a retry loop: Node.js's mkdirSync(recursive) spins forever where mkdir fails with ENOENT under a
 * parent that exists (under /proc, say XDG_CACHE_HOME=/proc/x).
 */
export function makeDir(path: string, mode = 0o777): void {
  const target = resolve(path);
  const missing: string[] = [];
  for (let dir = target; ; ) {
    try {
      mkdirSync(dir, mode);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") {
        if (isFolder(dir)) break;
        throw new FsError("ENOTDIR", target, `${dir} is not a folder`, "make the folder");
      }
      const up = dirname(dir);
      if (code !== "ENOENT" || up === dir) throw fsFailure(e, "make the folder", target);
      missing.push(dir);
      dir = up;
    }
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir, mode);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST" && isFolder(dir)) continue; // made meanwhile
      throw fsFailure(e, "make the folder", target);
    }
  }
}

let temps = 0;

function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** Opens a new file (never an existing one) for writing, making its folder when it is missing. */
function openNew(path: string, mode: number): number {
  try {
    return openSync(path, "wx", mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  makeDir(dirname(path));
  return openSync(path, "wx", mode);
}

export interface WriteOptions {
  /** The mode of a new file (default 0o666, less the umask); an existing file keeps its own. */
  mode?: number;
  /** fsync(2) the data before the file takes the old one's place. */
  fsync?: boolean;
}

/**
 * Writes a file so that readers see the old text or the new one, never half of it: a temporary
 * file in the same folder, given the old file's mode and owner, then rename(2). The folder is made
 * when missing. On failure the temporary file is removed and the old file is left as it was.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  let old: Stats | undefined;
  try {
    old = statSync(file);
  } catch {
    old = undefined;
  }
  const temp = join(dirname(file), `.${basename(file)}.pipshim-${process.pid}-${++temps}.tmp`);
  let fd: number | undefined;
  try {
    fd = openNew(temp, options.mode ?? 0o666);
    writeAll(fd, data);
    if (old) {
      const mine = fstatSync(fd);
      if (mine.uid !== old.uid || mine.gid !== old.gid) {
        try {
          fchownSync(fd, old.uid, old.gid); // root editing another user's file: it stays theirs
        } catch {
          // Not allowed (not root): the file becomes the writer's, as any editor would leave it.
        }
      }
      fchmodSync(fd, old.mode & 0o7777);
    }
    if (options.fsync) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // never made, or gone
    }
    throw fsFailure(e, "write", file);
  }
}

/** Creates a file that must not exist yet (a lock's candidate, a mark), with its text. */
export function writeNewFile(file: string, data: string, mode = 0o666): void {
  let fd: number | undefined;
  try {
    fd = openNew(file, mode);
    writeAll(fd, data);
    closeSync(fd);
  } catch (e) {
    if (fd !== undefined) {
      closeSync(fd);
      try {
        unlinkSync(file);
      } catch {
        // gone already
      }
    }
    throw fsFailure(e, "write", file);
  }
}

/** What a file that is not a regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return st.isFile() ? "a file" : "not a file";
}

export type ReadResult =
  | { ok: true; text: string; stat: Stats }
  /**
   * code: the errno code (ENOENT: no such file), ENOTREG (not a regular file: `kind` says what
   * it is), or EFBIG (larger than asked for); message: one line, with the path.
   */
  | { ok: false; code: string; message: string; kind?: string };

export type ReadBytesResult = { ok: true; bytes: Buffer; stat: Stats } | Extract<ReadResult, { ok: false }>;

/**
 * Reads a regular file without ever blocking: opened with O_NONBLOCK and checked with fstat(2)
 * before any read, so a FIFO (or a device, or a folder) where a file should be is refused at once.
 * A blocking read would hang pipshim, and keep its signal handlers from running.
 */
export function readRegularBytes(path: string, maxBytes = 16 * 1024 * 1024): ReadBytesResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const code = err.code ?? "EIO";
    return { ok: false, code, message: `cannot read ${path}: ${REASONS[code] ?? err.message}` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      const kind = kindOf(stat);
      return { ok: false, code: "ENOTREG", kind, message: `${path} is ${kind}, not a file` };
    }
    const tooLarge = { ok: false, code: "EFBIG", message: `${path} is larger than ${maxBytes} bytes` } as const;
    if (stat.size > maxBytes) return tooLarge;
    // Read to the end, whatever the size said (files in /proc say 0): one byte more than the
    // size, so that a file read whole takes two reads, the second one finding its end.
    let buf = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1 + (stat.size === 0 ? 4095 : 0));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        const grown = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(grown);
        buf = grown;
      }
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return tooLarge;
    }
    return { ok: true, bytes: buf.subarray(0, total), stat };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const code = err.code ?? "EIO";
    return { ok: false, code, message: `cannot read ${path}: ${REASONS[code] ?? err.message}` };
  } finally {
    closeSync(fd);
  }
}

/** readRegularBytes, as UTF-8 text. */
export function readRegularFile(path: string, maxBytes?: number): ReadResult {
  const r = readRegularBytes(path, maxBytes);
  return r.ok ? { ok: true, text: r.bytes.toString("utf8"), stat: r.stat } : r;
}

/** The first bytes of a regular file (a `#!` line, a shim's marker), as latin1; "" when it cannot be read. */
export function readFileHead(path: string, bytes = 256): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    return "";
  }
  try {
    if (!fstatSync(fd).isFile()) return "";
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString("latin1");
  } catch {
    return "";
  } finally {
    closeSync(fd);
  }
}

/** A new private folder under the temporary folder (TMPDIR), for the caller to remove. */
export function makeTempDir(prefix: string): string {
  const base = join(tmpdir(), prefix);
  try {
    return mkdtempSync(base);
  } catch (e) {
    throw fsFailure(e, "make a temporary folder in", tmpdir());
  }
}
