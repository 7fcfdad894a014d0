import type { Plugin } from 'vite';
export function precompress(): Plugin;
export function precompressDir(dir: string): Promise<{ file: string; bytes: number; br: number; gzip: number }[]>;
