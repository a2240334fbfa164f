// A short, stable file name for a path (cache entries, locks, records). Not cryptographic, and
// need not be: each such file also holds the path it is about. node:crypto would cost start-up
// time on the hot path for nothing (README, "Performance").

/** 64-bit FNV-1a of the text's UTF-16 code units, as 16 hex digits. */
export function fileKey(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}
