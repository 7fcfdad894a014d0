import type { Plugin } from 'vite';
export function metaCsp(): string;
export function cspMetaPlugin(): Plugin;
