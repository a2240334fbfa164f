// Writes small zip files and wheels in a test, with node:zlib and a CRC-32 of our own: wheels
// whose contents a test chooses (names, entry points), and zips in the less common shapes (ZIP64
// records, stored and deflated entries) for the reader in src/sys/zip.ts.

import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipInput {
  name: string;
  data: string | Buffer;
  /** Stored (no compression) instead of deflated. */
  stored?: boolean;
}

/** A zip archive of the entries; `zip64` writes ZIP64 records (as for a huge archive) for every size and offset. */
export function makeZip(entries: ZipInput[], options: { zip64?: boolean; comment?: string } = {}): Buffer {
  const z64 = options.zip64 ?? false;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, "utf8");
    const body = e.stored ? raw : deflateRawSync(raw);
    const name = Buffer.from(e.name, "utf8");
    const method = e.stored ? 0 : 8;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(z64 ? 45 : 20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const extra = Buffer.alloc(z64 ? 28 : 0);
    if (z64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(raw.length), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(z64 ? 45 : 20, 4);
    central.writeUInt16LE(z64 ? 45 : 20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(z64 ? 0xffffffff : body.length, 20);
    central.writeUInt32LE(z64 ? 0xffffffff : raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(z64 ? 0xffffffff : offset, 42);
    centrals.push(central, name, extra);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (z64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(entries.length), 24);
    rec.writeBigUInt64LE(BigInt(entries.length), 32);
    rec.writeBigUInt64LE(BigInt(cd.length), 40);
    rec.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(rec, loc);
  }
  const comment = Buffer.from(options.comment ?? "", "utf8");
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(z64 ? 0xffff : entries.length, 8);
  eocd.writeUInt16LE(z64 ? 0xffff : entries.length, 10);
  eocd.writeUInt32LE(z64 ? 0xffffffff : cd.length, 12);
  eocd.writeUInt32LE(z64 ? 0xffffffff : offset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, cd, ...tail, eocd, comment]);
}

export interface WheelSpec {
  name: string;
  version?: string;
  /** entry_points.txt as written, if any. */
  entryPoints?: string;
  /** `Classifier:` headers of its METADATA. */
  classifiers?: string[];
  /** Files of its `.data/scripts` folder (commands installed as they are). */
  dataScripts?: string[];
}

/** Writes an installable pure-Python wheel (one module named after the project) into `dir`; its path. */
export function writeWheel(dir: string, spec: WheelSpec): string {
  const version = spec.version ?? "1.0";
  const dist = spec.name.replace(/[-_.]+/g, "_");
  const info = `${dist}-${version}.dist-info`;
  const files: [string, string][] = [
    [`${dist}/__init__.py`, `VALUE = "${spec.name} ${version}"\n`],
    [
      `${info}/METADATA`,
      `Metadata-Version: 2.1\nName: ${spec.name}\nVersion: ${version}\nSummary: pipshim test wheel\n` +
        (spec.classifiers ?? []).map((c) => `Classifier: ${c}\n`).join("") +
        "\nA long description.\nName: not-this-one\nClassifier: Not :: This :: One\n",
    ],
    [`${info}/WHEEL`, "Wheel-Version: 1.0\nGenerator: pipshim-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"],
  ];
  if (spec.entryPoints !== undefined) files.push([`${info}/entry_points.txt`, spec.entryPoints]);
  for (const script of spec.dataScripts ?? []) files.push([`${dist}-${version}.data/scripts/${script}`, "#!python\nprint('hi')\n"]);
  const record = files.map(([n, t]) => {
    const hash = createHash("sha256").update(t).digest("base64url");
    return `${n},sha256=${hash},${Buffer.byteLength(t)}`;
  });
  record.push(`${info}/RECORD,,`);
  files.push([`${info}/RECORD`, record.join("\n") + "\n"]);
  const path = join(dir, `${dist}-${version}-py3-none-any.whl`);
  writeFileSync(path, makeZip(files.map(([name, data]) => ({ name, data }))));
  return path;
}
