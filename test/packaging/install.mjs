// Packs the repo as npm would publish it (`npm pack`) and installs the tarball into a fresh
// temporary folder (`npm install ./gluon-wasm-*.tgz`) beside copies of the consumer fixtures, so
// every check runs against what a user would get, resolved through package.json's `exports`
// and never through this repo's own node_modules. dist/ must be built first (npm test does).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a command, throwing its output if it fails. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** { dir, tarball, pack (npm pack --json's entry), cleanup() } */
export function packAndInstall() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'gluon-wasm-consumer-')));
  const [pack] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repo }));
  cpSync(fileURLToPath(new URL('./consumer', import.meta.url)), dir, { recursive: true });
  cpSync(fileURLToPath(new URL('./session.cjs', import.meta.url)), join(dir, 'session.cjs'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'gluon-wasm-consumer', version: '1.0.0', private: true }, null, 2));
  run('npm', ['install', `./${pack.filename}`, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir });
  return { dir, tarball: join(dir, pack.filename), pack, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `node file args...` in the consumer folder and parses the JSON it prints. */
export function runConsumer(dir, file, ...args) {
  return JSON.parse(run(process.execPath, [file, ...args], { cwd: dir }));
}
