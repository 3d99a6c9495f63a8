/**
 * One UTF-8 encoder and one strict decoder for the whole kit. Opening a decoder is
 * the costly part of decoding a short text (Node sets up an ICU converter for each),
 * and decode() without `stream` keeps no state between calls, so one serves all.
 */
export const utf8Encoder = new TextEncoder();

/** Throws on bytes that are not UTF-8 (`fatal`), instead of replacing them. */
export const strictUtf8Decoder = new TextDecoder('utf-8', { fatal: true });
