// esbuild's binary loader turns `import bytes from './x.wasm'` into a Uint8Array.
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
