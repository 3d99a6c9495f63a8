/** Types of the part of bundle.mjs the tests use (test/unit/intrinsics.test.ts). */
/** `file` (a path from the repository's root) and what it imports as one script that sets `globalThis[name]`. */
export declare function scriptBundle(file: string, name: string): Promise<string>;
