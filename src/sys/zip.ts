// Reads named files out of a zip archive (a wheel) without a dependency and without Python: the
// end-of-central-directory record at the file's end, the central directory, then only the local
// entries asked for, each inflated with node:zlib. Only the tail and the few entries are read, so
// a 100 MB wheel costs a few small reads. Stored (0) and deflated (8) entries, ZIP64; no
// encryption, no multi-disk archives (wheels have neither).

import { open, type FileHandle } from "node:fs/promises";

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** No file pipshim reads from a wheel (METADATA, entry_points.txt) comes near this. */
const MAX_ENTRY = 64 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

export class ZipError extends Error {}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) throw new ZipError("truncated zip file");
    got += bytesRead;
  }
  return buf;
}

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError("zip offsets too large");
  return Number(v);
}

/** Where the central directory is, and how many entries it holds. */
async function centralDirectory(fh: FileHandle, fileSize: number): Promise<{ offset: number; size: number; count: number }> {
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tailStart = fileSize - tailLength;
  const tail = await readAt(fh, tailStart, tailLength);
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD || i + 22 + tail.readUInt16LE(i + 20) !== tailLength) continue;
    let count = tail.readUInt16LE(i + 10);
    let size = tail.readUInt32LE(i + 12);
    let offset = tail.readUInt32LE(i + 16);
    if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
      const at = tailStart + i - 20;
      const locator = at >= 0 ? await readAt(fh, at, 20) : undefined;
      if (!locator || locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipError("ZIP64 locator missing");
      const z64 = await readAt(fh, u64(locator, 8), 56);
      if (z64.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipError("ZIP64 end record missing");
      count = u64(z64, 32);
      size = u64(z64, 40);
      offset = u64(z64, 48);
    }
    if (offset + size > fileSize) throw new ZipError("central directory outside the file");
    return { offset, size, count };
  }
  throw new ZipError("not a zip file (no end of central directory record)");
}

/** The entries of a central directory (pure: exported for tests). */
function parseCentralDirectory(cd: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipError("corrupt central directory");
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let localHeader = cd.readUInt32LE(p + 42);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > cd.length) throw new ZipError("corrupt central directory");
    const name = cd.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLength);
    // ZIP64: the sizes and offset that did not fit are in the 0x0001 extra field, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        const take = () => {
          if (f + 8 > e + 4 + len) throw new ZipError("corrupt ZIP64 extra field");
          const v = u64(cd, f);
          f += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localHeader === 0xffffffff) localHeader = take();
      }
      e += 4 + len;
    }
    entries.push({ name, method, flags, compressedSize, size, localHeader });
    p = end;
  }
  return entries;
}

async function entryData(fh: FileHandle, entry: ZipEntry, fileSize: number): Promise<Buffer> {
  if (entry.flags & 0x1) throw new ZipError(`${entry.name} is encrypted`);
  if (entry.size > MAX_ENTRY) throw new ZipError(`${entry.name} is too large`);
  const header = await readAt(fh, entry.localHeader, 30);
  if (header.readUInt32LE(0) !== LOCAL) throw new ZipError(`corrupt local header for ${entry.name}`);
  const start = entry.localHeader + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + entry.compressedSize > fileSize) throw new ZipError(`${entry.name} runs past the end of the file`);
  const raw = await readAt(fh, start, entry.compressedSize);
  if (entry.method === 0) return raw;
  if (entry.method === 8) {
    // Loaded here, not at start-up: only classification reads zips (README, "Performance").
    const { inflateRawSync } = await import("node:zlib");
    try {
      return inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (e) {
      throw new ZipError(`cannot inflate ${entry.name}: ${(e as Error).message}`);
    }
  }
  throw new ZipError(`${entry.name} uses compression method ${entry.method}`);
}

/**
 * Opens a zip file and gives its entry names, and the text (UTF-8) of the entries `pick` chooses
 * from those names. Throws ZipError (or a file system error) when it cannot.
 */
export async function readZipTexts(path: string, pick: (names: string[]) => string[]): Promise<{ names: string[]; texts: Map<string, string> }> {
  const fh = await open(path, "r");
  try {
    const { size: fileSize } = await fh.stat();
    const { offset, size, count } = await centralDirectory(fh, fileSize);
    const entries = parseCentralDirectory(await readAt(fh, offset, size), count);
    const byName = new Map(entries.map((e) => [e.name, e]));
    const names = entries.map((e) => e.name);
    const texts = new Map<string, string>();
    for (const n of pick(names)) {
      const entry = byName.get(n);
      if (entry) texts.set(n, (await entryData(fh, entry, fileSize)).toString("utf8"));
    }
    return { names, texts };
  } finally {
    await fh.close();
  }
}
