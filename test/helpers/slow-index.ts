// A PEP 503 "simple" package index on 127.0.0.1 that holds one file back: pip then sits in that
// download, where a test can interrupt it. The counting index (counting-index.ts) serves it.

import { countingIndex } from "./counting-index.js";

export interface SlowIndex {
  /** The index URL, for pip's --index-url / PIP_INDEX_URL. */
  url: string;
  /** Resolves when pip has started downloading the held file. */
  downloading: Promise<void>;
  close(): Promise<void>;
}

/** Serves every wheel in `wheels`; the one whose name starts with `hold` never finishes downloading. */
export function slowIndex(wheels: string, hold: string): Promise<SlowIndex> {
  return countingIndex([wheels], hold);
}
