/** Bounds on what a client may put in a session. Each breach is a 4xx, never a crash. */
export interface SessionLimits {
  /** Keys a namespace may hold after a write. */
  maxKeysPerNamespace: number;
  maxValueLength: number;
  /** Budget for the sealed `vtex_session` value (cookie store): browsers drop cookies over 4 KB. */
  maxCookieBytes: number;
}

export const DEFAULT_LIMITS: SessionLimits = {
  maxKeysPerNamespace: 64,
  maxValueLength: 1024,
  // 4096 bytes for name=value plus attributes; leave room for "vtex_session=" and the attributes.
  maxCookieBytes: 3900,
};
