// A PEP 503 "simple" package index on 127.0.0.1, served by the test itself from the fixture
// wheels, that can hold one file back: pip then sits in a download, where a test can interrupt it.

import { createServer, type Server } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";

export interface SlowIndex {
  /** The index URL, for pip's --index-url / PIP_INDEX_URL. */
  url: string;
  /** Resolves when pip has started downloading the held file. */
  downloading: Promise<void>;
  close(): Promise<void>;
}

/** Serves every wheel in `wheels`; the one whose name starts with `hold` never finishes downloading. */
export async function slowIndex(wheels: string, hold: string): Promise<SlowIndex> {
  const files = readdirSync(wheels).filter((f) => f.endsWith(".whl"));
  let started!: () => void;
  const downloading = new Promise<void>((r) => (started = r));
  const open = new Set<import("node:http").ServerResponse>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const project = /^\/simple\/([^/]+)\/?$/.exec(path)?.[1];
    if (project) {
      const links = files.filter((f) => f.split("-")[0].toLowerCase() === project.replace(/[-_.]+/g, "_").toLowerCase());
      res.writeHead(links.length ? 200 : 404, { "content-type": "text/html" });
      res.end(`<html><body>${links.map((f) => `<a href="/files/${f}">${f}</a>`).join("\n")}</body></html>`);
      return;
    }
    const file = /^\/files\/(.+)$/.exec(path)?.[1];
    if (file && files.includes(file)) {
      const body = readFileSync(join(wheels, file));
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length });
      if (file.startsWith(hold)) {
        open.add(res);
        res.write(body.subarray(0, 10)); // a start, then nothing: pip waits in the download
        started();
        return;
      }
      res.end(body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    downloading,
    close: () =>
      new Promise<void>((r) => {
        for (const res of open) res.destroy();
        server.close(() => r());
      }),
  };
}
