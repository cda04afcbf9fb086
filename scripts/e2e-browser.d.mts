export declare const E2E_BROWSERS: string[];
export declare function e2eBrowser(env?: Record<string, string | undefined>, exists?: (p: string) => boolean): string | null;
