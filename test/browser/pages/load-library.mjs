// The installed package in a page, as the threads pages choose: 'script' the minified script-tag
// build (global gluonWasm), 'esm' the ESM build.
export async function loadLibrary(kind) {
  if (kind === 'esm') return import('/pkg/dist/index.mjs');
  await new Promise((ok, fail) => {
    const script = document.createElement('script');
    script.src = '/pkg/dist/gluon-wasm.min.js';
    script.onload = ok;
    script.onerror = () => fail(new Error(`loading ${script.src} failed`));
    document.head.append(script);
  });
  return window.gluonWasm;
}
