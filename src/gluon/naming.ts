// Block naming exactly as MXNet 1.x (mx:python/mxnet/gluon/block.py _BlockScope.create and
// mx:python/mxnet/name.py NameManager; gluon-1x.md §1):
// - outside any name scope a block is `<hint><n>_`, n from a process-global counter per hint;
// - inside a parent's nameScope it is `parent.prefix + <hint><k>_`, k from the parent's own
//   per-hint counter, and its ParameterDict prefix is parent.params.prefix + `<hint><k>_`;
// - an explicit prefix is used verbatim (after the parent's prefix inside a scope);
// - `params=` makes the block's dict ParameterDict(params.prefix, shared = params).
import { ParameterDict } from './parameter-dict';

/** What naming needs from a Block (a type-only view, so block.ts can import this file). */
export interface ScopeOwner {
  readonly prefix: string;
  readonly params: ParameterDict;
}

/** A block's name scope: its per-hint counters persist across nameScope() calls. */
export class BlockScope {
  readonly counter = new Map<string, number>();
  constructor(readonly block: ScopeOwner) {}
}

/** mx.name.NameManager: the process-global per-hint counters. */
class NameManager {
  private readonly counter = new Map<string, number>();
  next(hint: string): string {
    const n = this.counter.get(hint) ?? 0;
    this.counter.set(hint, n + 1);
    return `${hint}${n}`;
  }
}

let manager = new NameManager();
let current: BlockScope | null = null;

/**
 * Runs fn with fresh global counters (MXNet's `with mx.name.NameManager():`), so blocks created
 * inside are named from dense0_, sequential0_, ... again; the previous counters resume after.
 */
export function withNameManager<T>(fn: () => T): T {
  const saved = manager;
  manager = new NameManager();
  try {
    return fn();
  } finally {
    manager = saved;
  }
}

/** Runs fn with `scope` as the current name scope (Block.nameScope). */
export function withScope<T>(scope: BlockScope, fn: () => T): T {
  const saved = current;
  current = scope;
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/** The prefix and ParameterDict of a new block (MXNet's _BlockScope.create). */
export function createNames(prefix: string | undefined, params: ParameterDict | undefined, hint: string): { prefix: string; params: ParameterDict } {
  if (current === null) {
    const p = prefix ?? `${manager.next(hint)}_`;
    return { prefix: p, params: params ? new ParameterDict(params.prefix, params) : new ParameterDict(p) };
  }
  let local = prefix;
  if (local === undefined) {
    const k = current.counter.get(hint) ?? 0;
    current.counter.set(hint, k + 1);
    local = `${hint}${k}_`;
  }
  const parent = current.block;
  return {
    prefix: parent.prefix + local,
    params: params ? new ParameterDict(params.prefix, params) : new ParameterDict(parent.params.prefix + local, parent.params._shared),
  };
}
