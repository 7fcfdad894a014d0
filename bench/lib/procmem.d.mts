/** Types of procmem.mjs's one-shot reading, for the browser tests that use it. */
export declare function descendants(root: number): number[];
export declare function treePssMB(rootPid: number): number;
export declare function treePrivateMB(rootPid: number): number;
