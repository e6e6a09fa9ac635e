export const X_NUMPY: string;
export const Y_VALUES: number[][];
export const W0_NUMPY: string;
export function repr(numpy: string, dims: string): string;
export function notebookIndent(text: string): string;
export const X_TEXT: string;
export const W0_TEXT: string;
export const UNIFORM_2X20_NUMPY: string;
