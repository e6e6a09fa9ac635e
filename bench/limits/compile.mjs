// Compiles bench/limits/probe.ts (bench-only: never part of dist/) with the shipped default
// build's options: SIMD, no relaxed SIMD, -O3, no runtime, no assertions.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The probe's wasm bytes. */
export function compileProbe() {
  const dir = fileURLToPath(new URL('./', import.meta.url));
  const asc = fileURLToPath(new URL('../../node_modules/.bin/asc', import.meta.url));
  const out = join(tmpdir(), `gluon-limits-${process.pid}.wasm`);
  // run from the probe's folder, so that the project's asconfig.json (all of assembly/) is not read
  execFileSync(asc, ['probe.ts', '--enable', 'simd', '--disable', 'relaxed-simd', '--runtime', 'stub', '--noAssert', '-O3', '--outFile', out], { cwd: dir, stdio: 'inherit' });
  try {
    return readFileSync(out);
  } finally {
    rmSync(out, { force: true });
  }
}
