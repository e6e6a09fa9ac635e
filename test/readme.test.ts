// README.md is a contract: a user copies its snippets. This suite reads README.md at test time,
// runs every ```ts block for real against src/ (transpiled with esbuild, the `import … from
// 'gluon-wasm'` lines bound to this library), and checks the values the README states in
// trailing comments by capturing, inside that same run, the value of the commented expression.
//
// Three tables drive it, all written by reading the README:
//   BLOCKS  every ```ts block, found by a distinctive line: what the snippet uses but does not
//           define (a prelude), file paths redirected to a temp dir or a real MXNet file
//   CLAIMS  a commented expression, the literal its comment states (must appear verbatim in the
//           README) and the value it must have at run time
//   PROSE   commented lines whose comment is prose, not a value (nothing to check)
// A new ts block, or a new commented line in one, fails until it is added to a table, so the
// README cannot grow an unchecked snippet or value. The "## Errors" messages are checked against
// the real thrown errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import * as lib from '../src/index';
import { nd, NDArray, GluonError, ShapeError, DisposedError } from '../src/index';
import { withNameManager } from '../src/gluon/naming';
import { X_TEXT, W0_TEXT } from './helpers/seed-transcript.mjs';

const README = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
const FIXTURES = join(process.cwd(), '../shared/fixtures/mxnet');
const TMP = mkdtempSync(join(tmpdir(), 'gluon-readme-'));
test.after(() => rmSync(TMP, { recursive: true, force: true }));

// ------------------------------------------------------------------ reading README.md

interface Fence { lang: string; body: string; line: number /* 1-based line of the opening ``` */ }

function fences(md: string): Fence[] {
  const out: Fence[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`README.md line ${i + 1}: unclosed fence`);
    out.push({ lang: open[1], body: lines.slice(i + 1, end).join('\n'), line: i + 1 });
    i = end;
  }
  return out;
}

const TS_BLOCKS = fences(README).filter((f) => f.lang === 'ts');

/** Splits a line into code and trailing `//` comment (the README's snippets have no '//' in strings). */
function splitComment(line: string): { code: string; comment: string | null } {
  const at = line.indexOf('//');
  return at < 0 ? { code: line, comment: null } : { code: line.slice(0, at), comment: line.slice(at + 2).replace(/^ /, '') };
}

/**
 * The comment a statement line carries: its trailing comment plus the comment-only lines right
 * below it (the seed's printed X and repr), joined with '\n' and stripped of '// '.
 */
function commentOf(lines: string[], i: number): string | null {
  const parts: string[] = [];
  const own = splitComment(lines[i]).comment;
  if (own !== null) parts.push(own);
  for (let j = i + 1; j < lines.length && /^\s*\/\//.test(lines[j]); j++) parts.push(lines[j].replace(/^\s*\/\/ ?/, ''));
  return parts.length ? parts.join('\n') : null;
}

/** Indexes of lines that are statements with a comment (trailing or on the lines below). */
function commentedLines(body: string): number[] {
  const lines = body.split('\n');
  return lines.map((l, i) => (splitComment(l).code.trim() !== '' && commentOf(lines, i) !== null ? i : -1)).filter((i) => i >= 0);
}

/** The one line of `body` containing `text` (a table entry naming a line must be unambiguous). */
function lineIndex(body: string, text: string, what: string): number {
  const hits = body.split('\n').flatMap((l, i) => (l.includes(text) ? [i] : []));
  if (hits.length !== 1) throw new Error(`${what}: '${text}' is on ${hits.length} lines of the block, expected exactly 1`);
  return hits[0];
}

// ------------------------------------------------------------------ the tables

interface BlockSpec {
  /** a line (or part of one) found in exactly one ```ts block: identifies it */
  key: string;
  /** TypeScript run before the block: the names the snippet uses but does not define */
  prelude?: string;
  /** exact snippet text → replacement (each must occur): file paths */
  replace?: [string, string][];
  /** runs the block once per variant (the Files block, once per MXNet record version) */
  variants?: string[];
}

const V = ['V0', 'V1', 'V2', 'V3'];
/** A real MXNet file per record version (/work/shared/fixtures/mxnet/README.md says which). */
const MXNET_FILE: Record<string, string> = {
  V0: 'apache-mxnet-legacy/legacy_ndarray.v0',
  V1: 'zackchase-straight-dope-2017-v1format/testnet.params',
  V2: 'samuel-wei-d2l-zh-1.0-bundle/mlp.params',
  V3: 'pratapwarrohit13-mxnet/mlp.params',
};
const MLP_PARAMS = join(TMP, 'mlp.params');

type BlockName = 'seed' | 'nd' | 'random' | 'files' | 'memory' | 'autograd' | 'gluon';

const BLOCKS: Record<BlockName, BlockSpec> = {
  seed: { key: 'net[0].params.toString();' },
  nd: { key: 'a.add(b).mul(2);' },
  random: {
    key: 'nd.random.seed(0);',
    prelude: 'const arr = nd.arange(10);',
  },
  files: {
    key: 'const bytes = nd.save(',
    replace: [["'/path/to/mxnet/file.params'", '__mxnetFile']],
    variants: V,
  },
  memory: {
    key: 'const y = nd.tidy(',
    // x: any array; the live-array count after it is what the tidy/dispose claims are about
    prelude: "const x = nd.array([1, 2, 3]); __capture('arrays before', nd.memory().arrays);",
  },
  autograd: { key: 'x.attachGrad();' },
  gluon: {
    key: 'class MLP extends nn.Block',
    // three batches of 4 samples (20 features, labels 0..9): enough to run the loop for real
    prelude: `const batches = [0, 1, 2].map((k) => [
      nd.random.uniform({ shape: [4, 20] }), nd.array([k, k + 1, k + 2, k + 3])] as const);`,
    replace: [["'mlp.params'", JSON.stringify(MLP_PARAMS)]],
  },
};

/** One run of a block: the values captured in it (by claim id or name) and what it logged. */
interface Run {
  variant: string | null;
  captured: Map<string, unknown>;
  logged: unknown[][];
}

interface Claim {
  block: BlockName;
  /** text of the README line holding the expression (exactly one line of the block) */
  line: string;
  /** the expression on that line whose value the comment states: captured in place */
  expr: string;
  /** the comment states what holds after the line ran: capture `expr` on a new line below it */
  after?: boolean;
  /** the comment's literal, verbatim as the README writes it */
  claim: string;
  check: (value: any, run: Run) => void;
}

const shapeOf = (a: NDArray) => [...a.shape];
function values(expected: unknown) {
  return (v: NDArray) => {
    assert.ok(v instanceof NDArray, `expected an NDArray, got ${typeof v}`);
    assert.equal(v.toArray(), expected);
  };
}

const CLAIMS: Claim[] = [
  // ---- The seed, in TypeScript
  {
    block: 'seed', line: 'console.log(X.toString());', expr: 'X.toString()', claim: X_TEXT,
    check: (v: string, run) => {
      assert.is(v, X_TEXT, "MXNet's default-seed uniform(2, 20), character for character");
      assert.equal(run.logged[0], [X_TEXT], 'console.log printed it');
    },
  },
  {
    block: 'seed', line: 'net[0].params.toString();', expr: 'net[0].params.toString()',
    claim: `dense0_ (
  Parameter dense0_weight (shape=(256, 20), dtype=float32)
  Parameter dense0_bias (shape=(256,), dtype=float32)
)`,
    check: (v: string) => assert.is(v, `dense0_ (
  Parameter dense0_weight (shape=(256, 20), dtype=float32)
  Parameter dense0_bias (shape=(256,), dtype=float32)
)`),
  },
  {
    // "MXNet's values": the seed transcript's text of these weights
    block: 'seed', line: 'net[0].weight.data();', expr: 'net[0].weight.data()', claim: "the (256, 20) weights, MXNet's values",
    check: (v: NDArray) => {
      assert.equal(shapeOf(v), [256, 20]);
      assert.is(v.toString(), W0_TEXT);
    },
  },
  {
    block: 'seed', line: 'net[0].weight.grad();', expr: 'net[0].weight.grad()', claim: 'zeros until a backward pass',
    check: (v: NDArray) => {
      assert.equal(shapeOf(v), [256, 20]);
      assert.ok(v.toFloat32Array().every((x) => x === 0), 'all zeros');
    },
  },
  {
    block: 'seed', line: "net.collectParams('.*weight');", expr: "net.collectParams('.*weight')", claim: 'Python re.match semantics',
    check: (v: InstanceType<typeof lib.ParameterDict>) => assert.equal([...v.keys()], ['dense0_weight', 'dense1_weight']),
  },
  {
    block: 'seed', line: 'net2[1].weight.data().equal(', expr: 'net2[1].weight.data().equal(net2[2].weight.data())', claim: 'all ones',
    check: (v: NDArray) => {
      assert.equal(shapeOf(v), [8, 8]);
      assert.ok(v.toFloat32Array().every((x) => x === 1), 'all ones');
    },
  },

  // ---- nd: arrays and ops
  {
    block: 'nd', line: 'const a = nd.array(', expr: 'nd.array([[1, 2, 3], [4, 5, 6]])', claim: 'float32, shape [2, 3]',
    check: (v: NDArray) => {
      assert.is(v.dtype, 'float32');
      assert.equal(shapeOf(v), [2, 3]);
    },
  },
  { block: 'nd', line: 'const b = nd.arange(3);', expr: 'nd.arange(3)', claim: '[0, 1, 2]', check: values([0, 1, 2]) },
  {
    block: 'nd', line: 'a.add(b).mul(2);', expr: 'a.add(b).mul(2)', claim: 'numpy broadcasting: [[2, 6, 10], [8, 12, 16]]',
    check: values([[2, 6, 10], [8, 12, 16]]),
  },
  {
    block: 'nd', line: 'a.sum();', expr: 'a.sum()', claim: 'shape [1] (MXNet 1.x), .asScalar() → 21',
    check: (v: NDArray) => {
      assert.equal(shapeOf(v), [1]);
      assert.is(v.asScalar(), 21);
    },
  },
  { block: 'nd', line: 'a.mean({ axis: 1', expr: 'a.mean({ axis: 1, keepdims: true })', claim: '[[2], [5]]', check: values([[2], [5]]) },
  { block: 'nd', line: 'a.max({ axis: [0, 1] });', expr: 'a.max({ axis: [0, 1] })', claim: '[6]; [2, 2]', check: values([6]) },
  { block: 'nd', line: 'a.max({ axis: [0, 1] });', expr: 'a.argmax({ axis: 1 })', claim: '[6]; [2, 2]', check: values([2, 2]) },
  {
    // a·aᵀ: the product of a (2, 3) and a (3, 2) is (2, 2)
    block: 'nd', line: 'nd.dot(a, a, { transposeB: true });', expr: 'nd.dot(a, a, { transposeB: true })', claim: '(2, 3)·(3, 2)',
    check: values([[14, 32], [32, 77]]),
  },
  {
    // split's default axis is 1: three (2, 1) columns of a
    block: 'nd', line: 'a.split(3);', expr: 'a.split(3)', claim: 'concat/split default to axis 1',
    check: (v: NDArray[]) => assert.equal(v.map((p) => p.toArray()), [[[1], [4]], [[2], [5]], [[3], [6]]]),
  },
  { block: 'nd', line: 'a.toArray();', expr: 'a.toArray()', claim: '[[1, 2, 3], [4, 5, 6]]', check: (v) => assert.equal(v, [[1, 2, 3], [4, 5, 6]]) },
  {
    block: 'nd', line: 'a.toString();', expr: 'a.toString()', claim: String.raw`'\n[[1. 2. 3.]\n [4. 5. 6.]]\n<NDArray 2x3 @cpu(0)>'`,
    check: (v: string) => assert.is(v, '\n[[1. 2. 3.]\n [4. 5. 6.]]\n<NDArray 2x3 @cpu(0)>'),
  },

  // ---- Random numbers
  {
    block: 'random', line: 'nd.random.normal(0, 1, [6]);', expr: 'nd.random.normal(0, 1, [6])',
    claim: '2.2122064 0.7740038 1.0434403 1.1839255 1.8917114 -1.2347414 on a fresh seed',
    // numpy prints a float32's shortest round-trip digits: fround of each is the exact value
    check: (v: NDArray) => assert.equal(Array.from(v.toFloat32Array()),
      [2.2122064, 0.7740038, 1.0434403, 1.1839255, 1.8917114, -1.2347414].map(Math.fround)),
  },

  // ---- Files
  {
    block: 'files', line: 'const bytes = nd.save(', expr: 'nd.save({ w: nd.array([1, 2]) })', claim: 'Uint8Array',
    check: (v) => assert.ok(v instanceof Uint8Array, 'nd.save(dict) returns a Uint8Array'),
  },
  {
    block: 'files', line: 'const loaded = nd.load(bytes);', expr: 'nd.load(bytes)', claim: '{ w: NDArray }',
    check: (v: Record<string, NDArray>) => {
      assert.equal(Object.keys(v), ['w']);
      values([1, 2])(v.w);
    },
  },
  {
    // run once per record version, each time on a real MXNet file of that version
    block: 'files', line: "nd.load('/path/to/mxnet/file.params');", expr: "nd.load('/path/to/mxnet/file.params')",
    claim: 'Node: V0, V1, V2 and V3 records',
    check: (v: NDArray[] | Record<string, NDArray>, run) => {
      const expected: Record<string, string[] | number> = {
        V0: 6, // an unnamed list: six arange(128)
        V1: ['dense2_bias', 'dense1_bias', 'dense1_weight', 'dense0_weight', 'dense2_weight', 'dense0_bias'],
        V2: ['hidden.weight', 'hidden.bias', 'output.weight', 'output.bias'],
        V3: ['hidden.weight', 'hidden.bias', 'output.weight', 'output.bias'],
      };
      const want = expected[run.variant!];
      if (typeof want === 'number') {
        assert.ok(Array.isArray(v) && v.length === want, `${run.variant}: a list of ${want}`);
        assert.equal((v as NDArray[])[5].toArray(), Array.from({ length: 128 }, (_, i) => i));
      } else {
        assert.equal(Object.keys(v), want, run.variant!);
        assert.ok(Object.values(v).every((a) => a instanceof NDArray));
      }
    },
  },

  // ---- Memory
  {
    block: 'memory', line: 'nd.memory();', expr: 'nd.memory()', claim: '{ arrays, bytes, wasmBytes } live now',
    check: (v: Record<string, number>, run) => {
      assert.equal(Object.keys(v).sort(), ['arrays', 'bytes', 'wasmBytes']);
      assert.ok(Object.values(v).every((n) => typeof n === 'number'));
      // the tidy freed its temporaries and y.dispose() the result: only x is left of the block
      assert.is(v.arrays, run.captured.get('arrays before'), 'live arrays after tidy + dispose');
    },
  },
  {
    block: 'memory', line: 'y.dispose();', expr: 'y', after: true, claim: 'using y afterwards throws DisposedError',
    check: (y: NDArray) => {
      assert.throws(() => y.toArray(), (e: unknown) => e instanceof DisposedError);
      assert.throws(() => y.add(1), (e: unknown) => e instanceof DisposedError);
    },
  },

  // ---- autograd
  {
    block: 'autograd', line: 'x.attachGrad();', expr: 'x', after: true, claim: "gradReq 'write'",
    check: (v: NDArray) => assert.is(v.gradReq, 'write'),
  },
  { block: 'autograd', line: 'x.grad!.toArray();', expr: 'x.grad!.toArray()', claim: '[2, 4, 6]', check: (v) => assert.equal(v, [2, 4, 6]) },

  // ---- Gluon: blocks, parameters, training
  {
    block: 'gluon', line: "net.saveParameters('mlp.params');", expr: "net.saveParameters('mlp.params')",
    claim: "MXNet's format, structural names (hidden.weight, ...)",
    check: (v: Uint8Array) => {
      assert.ok(v instanceof Uint8Array, 'saveParameters returns the bytes');
      assert.ok(existsSync(MLP_PARAMS), 'and writes the file');
      assert.equal(new Uint8Array(readFileSync(MLP_PARAMS)), v, 'the file holds those bytes');
      const saved = nd.load(v) as Record<string, NDArray>;
      assert.equal(Object.keys(saved), ['hidden.weight', 'hidden.bias', 'output.weight', 'output.bias']);
      assert.equal(Object.values(saved).map(shapeOf), [[256, 20], [256], [10, 256], [10]]);
    },
  },
];

/**
 * Commented lines whose comment is prose (an explanation, not a value), found by a distinctive
 * part of the line: listed so that every commented line is either a claim or named here.
 */
const PROSE: Partial<Record<BlockName, string[]>> = {
  seed: ['net.initialize();'],
  nd: ['nd.sub(10, a);', 'a.reshape(-1, 2);'],
  random: ['nd.random.seed(0);'],
  memory: ['const y = nd.tidy('],
  autograd: ['const y = autograd.record('],
  gluon: [
    'hidden = new nn.Dense(256',
    'trainer.step(x.shape[0]);',
  ],
};

// ------------------------------------------------------------------ running a block

/** A snippet's `import { a, b } from 'gluon-wasm';` becomes `const { a, b } = __lib;`. */
function bindImports(body: string): { code: string; imported: string[] | null } {
  let imported: string[] | null = null;
  const code = body.split('\n').map((line) => {
    if (!/^\s*import\b/.test(line)) return line;
    const m = /^import\s*\{([^}]*)\}\s*from\s*'gluon-wasm';?\s*$/.exec(line.trim());
    if (!m) throw new Error(`unsupported import in a ts block: ${line}`);
    const names = m[1].split(',').map((s) => s.trim()).filter(Boolean);
    for (const n of names) if (!(n in lib)) throw new Error(`'${n}' is imported from 'gluon-wasm' but the library does not export it`);
    imported = [...(imported ?? []), ...names];
    return `const { ${names.join(', ')} } = __lib;`;
  }).join('\n');
  return { code, imported };
}

function blockOf(name: BlockName): Fence {
  const { key } = BLOCKS[name];
  const hits = TS_BLOCKS.filter((b) => b.body.split('\n').some((l) => l.includes(key)));
  if (hits.length !== 1) throw new Error(`block '${name}': key '${key}' is in ${hits.length} ts blocks of README.md, expected 1`);
  return hits[0];
}

/** The block's source with each claimed expression wrapped in __capture(id, ...), in place. */
function instrument(name: BlockName, body: string): string {
  const lines = body.split('\n');
  CLAIMS.forEach((c, id) => {
    if (c.block !== name) return;
    const i = lineIndex(body, c.line, `claim ${id}`);
    if (c.after) {
      lines[i] += `\n__capture(${id}, (${c.expr}));`;
      return;
    }
    const code = splitComment(lines[i]).code;
    const at = code.indexOf(c.expr);
    if (at < 0 || code.indexOf(c.expr, at + 1) >= 0) throw new Error(`claim ${id}: '${c.expr}' must occur once in the code of line '${lines[i].trim()}'`);
    lines[i] = lines[i].slice(0, at) + `__capture(${id}, (${c.expr}))` + lines[i].slice(at + c.expr.length);
  });
  return lines.join('\n');
}

const runs = new Map<string, Run>();

/** Runs a block (memoized per variant) as a fresh process would: new name counter, seed 0. */
function run(name: BlockName, variant: string | null = null): Run {
  const memo = `${name}/${variant}`;
  const done = runs.get(memo);
  if (done) return done;
  const fence = blockOf(name);
  const spec = BLOCKS[name];
  let { code, imported } = bindImports(instrument(name, fence.body));
  for (const [from, to] of spec.replace ?? []) {
    if (!code.includes(from)) throw new Error(`block '${name}': nothing to replace, '${from}' is gone from the snippet`);
    code = code.split(from).join(to);
  }
  // the prelude goes after the import lines: it may use what they bind
  const lines = code.split('\n');
  let afterImports = 0;
  lines.forEach((l, i) => { if (l.endsWith('= __lib;')) afterImports = i + 1; });
  lines.splice(afterImports, 0, spec.prelude ?? '');
  const source = lines.join('\n');
  const js = transformSync(source, { loader: 'ts', target: 'es2022' }).code;

  const result: Run = { variant, captured: new Map(), logged: [] };
  // a block with imports sees only what it imports (as a copied file would); a fragment without
  // imports sees the whole public surface, as if the user had imported what it names
  const scope: Record<string, unknown> = {
    __lib: lib,
    __capture: (id: number | string, v: unknown) => (result.captured.set(String(id), v), v),
    __mxnetFile: variant ? join(FIXTURES, MXNET_FILE[variant]) : undefined,
    console: { ...console, log: (...args: unknown[]) => void result.logged.push(args) }, // keeps the output quiet
    ...(imported ? {} : lib),
  };
  const fn = new Function(...Object.keys(scope), js);
  try {
    withNameManager(() => {
      nd.random.seed(0);
      fn(...Object.values(scope));
    });
  } catch (e) {
    throw new Error(`README.md block at line ${fence.line} ('${name}'${variant ? `, ${variant}` : ''}) threw ${e}`, { cause: e });
  }
  runs.set(memo, result);
  return result;
}

// ------------------------------------------------------------------ the tests

test('every ```ts block of README.md is in BLOCKS, each once', () => {
  assert.ok(TS_BLOCKS.length > 0, 'README.md has ts blocks');
  const known = Object.keys(BLOCKS).map((n) => blockOf(n as BlockName));
  const unknown = TS_BLOCKS.filter((b) => !known.includes(b));
  assert.equal(unknown.map((b) => `line ${b.line}`), [], 'ts blocks with no entry in BLOCKS: add one');
  assert.is(new Set(known).size, known.length, 'two BLOCKS entries name the same block');
});

test('every commented line of a ts block is a claim or listed as prose', () => {
  for (const name of Object.keys(BLOCKS) as BlockName[]) {
    const body = blockOf(name).body;
    const lines = body.split('\n');
    const covered = new Set([
      ...CLAIMS.filter((c) => c.block === name).map((c) => lineIndex(body, c.line, `claim in '${name}'`)),
      ...(PROSE[name] ?? []).map((p) => lineIndex(body, p, `prose in '${name}'`)),
    ]);
    const loose = commentedLines(body).filter((i) => !covered.has(i)).map((i) => lines[i].trim());
    assert.equal(loose, [], `block '${name}': commented lines with neither a claim nor a PROSE entry`);
  }
});

test('each claim is written in the README as the table has it (literal in the comment)', () => {
  for (const c of CLAIMS) {
    const body = blockOf(c.block).body;
    const lines = body.split('\n');
    const comment = commentOf(lines, lineIndex(body, c.line, 'claim')) ?? '';
    assert.ok(comment.includes(c.claim), `block '${c.block}', line '${c.line}': the README's comment\n${comment}\ndoes not state\n${c.claim}`);
  }
});

for (const name of Object.keys(BLOCKS) as BlockName[]) {
  for (const variant of BLOCKS[name].variants ?? [null]) {
    const label = `${name}${variant ? ` (${variant}: ${MXNET_FILE[variant]})` : ''}`;
    test(`README block '${label}' runs`, () => {
      run(name, variant);
    });
    CLAIMS.forEach((c, id) => {
      if (c.block !== name) return;
      test(`README '${label}': ${c.expr}  // ${c.claim.trim().split('\n')[0]}`, () => {
        const r = run(name, variant);
        assert.ok(r.captured.has(String(id)), 'the claimed expression was evaluated');
        c.check(r.captured.get(String(id)), r);
      });
    });
  }
}

// ------------------------------------------------------------------ claims made in prose

test("the Files block's comments about calls it does not make: nd.save(path, ...) writes in Node, unnamed saves load as a list", () => {
  const path = join(TMP, 'w.nd');
  nd.save(path, { w: nd.array([1, 2]) });
  const back = nd.load(new Uint8Array(readFileSync(path))) as Record<string, NDArray>;
  assert.equal(back.w.toArray(), [1, 2]);
  const list = nd.load(nd.save([nd.array([3]), nd.array([4, 5])]));
  assert.ok(Array.isArray(list));
  assert.equal((list as NDArray[]).map((a) => a.toArray()), [[3], [4, 5]]);
});

test("nd block's comment 'concat/split default to axis 1': concat without dim joins columns", () => {
  // the snippet passes dim: 0, so its own run cannot show concat's default
  const a = nd.array([[1, 2, 3], [4, 5, 6]]);
  const c = nd.concat([a, a]);
  assert.equal(c.toArray(), [[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]]);
  a.dispose();
  c.dispose();
});

test("Random: on a fresh seed normal(0, 1, [6]) gives the digits the README's comment states", () => {
  // the comment's condition ("on a fresh seed") made explicit; MXNet prints the same digits
  nd.random.seed(0);
  const v = nd.random.normal(0, 1, [6]);
  assert.is(v.toString(), '\n[ 2.2122064  0.7740038  1.0434403  1.1839255  1.8917114 -1.2347414]\n<NDArray 6 @cpu(0)>');
  v.dispose();
});

/** The text of the "## Errors" section. */
const ERRORS = README.slice(README.indexOf('\n## Errors\n'), README.indexOf('\n## ', README.indexOf('\n## Errors\n') + 1));

test("## Errors: every class named there is exported at the top level and is a GluonError", () => {
  const list = /subclass exported at the top level — ([^—]+) —/.exec(ERRORS)?.[1];
  assert.ok(list, 'the sentence listing the error classes');
  const names = [...list!.matchAll(/`(\w+)`/g)].map((m) => m[1]);
  assert.ok(names.length >= 9, names.join(', '));
  for (const n of names) {
    const cls = (lib as Record<string, unknown>)[n] as (new (...a: never[]) => Error) | undefined;
    assert.type(cls, 'function', `${n} is exported`);
    assert.ok(cls!.prototype instanceof GluonError, `${n} extends GluonError`);
  }
});

test('## Errors: the two messages shown are the ShapeErrors add and dot throw, and nothing is allocated', () => {
  const shown = fences(ERRORS).filter((f) => f.lang === '');
  assert.is(shown.length, 1, 'one plain fence of messages');
  const lines = shown[0].body.split('\n');
  const a23 = nd.zeros([2, 3]);
  const a34 = nd.zeros([3, 4]);
  const thrown = (fn: () => unknown): Error => {
    try { fn(); } catch (e) { return e as Error; }
    throw new Error('no error thrown');
  };
  const before = nd.memory();
  const add = thrown(() => nd.add(a23, a34));
  const dot = thrown(() => nd.dot(a23, a23));
  assert.equal(nd.memory(), before, 'a failing call allocates nothing');
  assert.ok(add instanceof ShapeError, 'add: ShapeError');
  assert.ok(dot instanceof ShapeError, 'dot: ShapeError');
  assert.equal(lines, [add.message, dot.message]);
  a23.dispose();
  a34.dispose();
});

test.run();
