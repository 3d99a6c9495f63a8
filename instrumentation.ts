/**
 * Node start-up: registers the variants the Edge middleware can issue on its own (a
 * shopper with a region following a campaign link), so their pages render in full
 * from the first request. The middleware runs in a sandbox of its own and cannot
 * fill this process's variant registry (docs/variant-codes.md). With a regions API
 * (REGIONS_API_URL) regions cannot be listed: the Sessions API registers them.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.REGIONS_API_URL) return;
  const [{ precomputeVariants }, { sessionTransforms }, { storeConfig }] = await Promise.all([
    import('vtex-sessions-next/server'),
    import('./session-transforms'),
    import('./store.config'),
  ]);
  try {
    await precomputeVariants({ config: storeConfig, transforms: sessionTransforms, regions: storeConfig.regions, audiences: storeConfig.audiences });
  } catch (error) {
    // Pages still render without it (degraded where the middleware alone issued a code).
    console.warn(`[sessions] variants not precomputed: ${(error as Error).message}`);
  }
}
