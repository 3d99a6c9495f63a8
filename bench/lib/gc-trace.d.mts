/** Types of gc-trace.mjs, for its test (test/unit/bench-gc-trace.test.ts). */
export declare const FULL_GC_TRACE: readonly string[];
export declare function fullGcs(output: string): { count: number; pauseMs: number };
