/** Runs fn and returns what it passed to console.warn (MXNet's warnings.warn). */
export function captureWarnings(fn: () => void): string[] {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (msg: unknown) => void seen.push(String(msg));
  try {
    fn();
  } finally {
    console.warn = original;
  }
  return seen;
}
