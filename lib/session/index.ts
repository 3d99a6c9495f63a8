export * from './types';
export * from './errors';
export * from './config';
export * from './items';
export * from './segment';
export * from './token';
export * from './secrets';
export * from './limits';
export * from './edit';
export * from './engine';
export * from './keys';
export * from './transforms/types';
export { runTransforms, MAX_ROUNDS } from './transforms/engine';
export { storeTransform } from './transforms/store';
export * from './stores/types';
export { cookieStore } from './stores/cookie';
export { memoryStore } from './stores/memory';
export { builtInTransforms } from './transforms/defaults';
export type { CommerceSettings, BuiltInParts } from './transforms/defaults';
export { checkoutTransform } from './transforms/checkout';
export { profileTransform } from './transforms/profile';
export { impersonateTransform, IMPERSONATION_KEY } from './transforms/impersonate';
export { rnbTransform } from './transforms/rnb';
export * from './regions/types';
export * from './regions/postal-code';
export { parseGeoCoordinates, type GeoPoint, type GeoBox } from './regions/geo';
export { alpha2Of, ALPHA3_CODES } from './regions/countries';
export { embeddedRegionResolver, type RegionsDataset } from './regions/embedded';
export { httpRegionResolver, type HttpRegionResolverOptions } from './regions/http';
export type { Customer, CustomerDirectory } from './customers/types';
export { staticCustomerDirectory, normalizeEmail, type CustomerRecord } from './customers/directory';
export { hashPassword, verifyPassword, PBKDF2_ITERATIONS } from './customers/password';
export type { AudienceConfig, AudienceCondition, AudienceFacts } from './audiences/types';
export { matchAudiences, validateAudiences } from './audiences/evaluate';
export * from './auth';
export { formatGeoCoordinates } from './regions/geo';
export { canonicalPublicInputs } from './public-inputs';
export { VariantCodec, variantBody, sameVariant, MAX_VARIANT_CODE_LENGTH, DEFAULT_VARIANT_FIELDS } from './variant';
export type { DecodedVariant, IssuedVariant, VariantCodecOptions } from './variant';
export { memoryVariantRegistry, sharedMemoryVariantRegistry, resolveVariant, VariantIssuer } from './variant-registry';
export type { VariantRegistry, ResolvedVariant, MemoryVariantRegistryOptions } from './variant-registry';
export {
  LoginThrottle,
  inProcessAttemptCounter,
  describeWait,
  TOO_MANY_ATTEMPTS,
  DEFAULT_MAX_LOGIN_ATTEMPTS,
  DEFAULT_LOGIN_WINDOW_SECONDS,
  type AttemptCounter,
  type AttemptWindow,
  type LoginThrottleOptions,
} from './auth-throttle';
export { signOutEverywhere } from './stores/revoke';
/** What a store's methods and a transform's run may answer: a value now, or a promise of it. */
export type { Maybe } from './maybe';
