/**
 * What the in-process benchmarks use from the kit and the demo, bundled by
 * bench/lib/bundle.mjs into one CommonJS file (Node 20 runs no TypeScript).
 */
export { NextRequest, NextResponse } from 'next/server';
export { createSessionMiddleware, VARIANT_HEADER } from '../../lib/next/middleware';
export { createIoFreeEngine } from '../../lib/next/edge-engine';
export { SessionEngine } from '../../lib/session/engine';
export { cookieStore } from '../../lib/session/stores/cookie';
export { signIn } from '../../lib/session/auth';
export { VariantCodec, variantBody, DEFAULT_VARIANT_FIELDS } from '../../lib/session/variant';
export { deriveSegment, encodeSegmentToken, decodeSegmentToken } from '../../lib/session/segment';
export { TokenCodec } from '../../lib/session/token';
export { DEFAULT_LIMITS } from '../../lib/session/limits';
export { sessionTransforms } from '../../session-transforms';
export { builtInTransforms } from '../../lib/session/transforms/defaults';
export { regionIdOf } from '../../lib/session/regions/types';
export { memoryVariantRegistry, VariantIssuer } from '../../lib/session/variant-registry';
export { MAX_VARIANT_CODE_LENGTH } from '../../lib/session/variant';
export { storeConfig } from '../../store.config';
export { priceTableOf, currencyOf, cultureOf, campaignsOf, sellersOfRegion } from '../../app/_store/commerce';
export { createSessionsRoute } from '../../lib/next/sessions-route';
export { variantTag } from '../../lib/session/variant-tag';
