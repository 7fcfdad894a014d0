import type { Plugin } from 'vite';
export const KERNELS_SOURCE: string;
export function kernelsWasm(): Promise<Buffer>;
export function pixelKernels(): Plugin;
