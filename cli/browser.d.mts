export declare const CHROMIUM_ARGS: readonly string[];
export declare function chromiumPath(): string;
export declare function blockNonLocal(context: import('playwright-core').BrowserContext): Promise<void>;
export declare function fakeFalServer(value: string | undefined): string | null;
