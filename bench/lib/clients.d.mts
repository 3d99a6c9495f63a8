/** Types of clients.mjs, for the tests that send the same headers (test/support/clients.ts). */
export declare const BROWSER_NAVIGATION: Readonly<Record<string, string>>;
export declare const CRAWLER: Readonly<Record<string, string>>;
