import type { Plugin } from 'vite';
export const MODELS_DIR: string;
export function runtimeFiles(): Plugin;
export function runtimeFileName(info: { originalFileNames?: readonly string[] }): string;
