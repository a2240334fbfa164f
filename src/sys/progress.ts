// A progress line on stderr for the slow steps (making a venv, finding out what a package is),
// only when stderr is a terminal: a spinner, erased when the step ends. Nothing otherwise.

import { writeStderr } from "./output.js";

export function progress(text: string): () => void {
  if (!process.stderr.isTTY) return () => {};
  const frames = ["-", "\\", "|", "/"];
  let i = 0;
  const draw = () => writeStderr(`\r\x1b[2Kpipshim: ${text} ${frames[i++ % frames.length]}`);
  draw();
  const timer = setInterval(draw, 120);
  timer.unref();
  return () => {
    clearInterval(timer);
    writeStderr("\r\x1b[2K");
  };
}
