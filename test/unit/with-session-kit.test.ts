import { afterEach, describe, expect, it, vi } from 'vitest';

const context = { defaultConfig: {} };

/** A fresh copy of the module: its warning is once per process. */
async function freshWithSessionKit() {
  vi.resetModules();
  return (await import('@/lib/config/with-session-kit')).withSessionKit;
}

afterEach(() => vi.restoreAllMocks());

describe('withSessionKit', () => {
  it('adds the package to transpilePackages once, keeping the store\'s own', async () => {
    const withSessionKit = await freshWithSessionKit();
    const config = await withSessionKit({ transpilePackages: ['ui'] })('phase-production-build', context);
    expect(config.transpilePackages).toEqual(['ui', 'vtex-sessions-next']);
    const again = await withSessionKit(config)('phase-production-build', context);
    expect(again.transpilePackages).toEqual(['ui', 'vtex-sessions-next']);
  });

  it('warns once of partialPrefetching: true under Cache Components, and not otherwise', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let withSessionKit = await freshWithSessionKit();
    await withSessionKit({ cacheComponents: true, partialPrefetching: false })('phase-production-build', context);
    await withSessionKit({ cacheComponents: true })('phase-production-build', context);
    await withSessionKit({ partialPrefetching: true })('phase-production-build', context);
    expect(warn).not.toHaveBeenCalled();

    withSessionKit = await freshWithSessionKit();
    const on = withSessionKit(async () => ({ cacheComponents: true, partialPrefetching: true }));
    const config = await on('phase-production-build', context);
    await on('phase-production-build', context);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^\[vtex-sessions-next\] partialPrefetching is true: a page under app\/\[variant\]\/ that calls notFound\(\).* answers 200/);
    // A warning, not a change: the store's config is its own.
    expect(config).toMatchObject({ cacheComponents: true, partialPrefetching: true });
  });

  it('warns once of a basePath, which the kit does not support yet, and not without one', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let withSessionKit = await freshWithSessionKit();
    await withSessionKit({ basePath: '' })('phase-production-build', context);
    await withSessionKit({})('phase-production-build', context);
    expect(warn).not.toHaveBeenCalled();

    withSessionKit = await freshWithSessionKit();
    const shop = withSessionKit({ basePath: '/shop' });
    const config = await shop('phase-production-build', context);
    await shop('phase-production-build', context);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^\[vtex-sessions-next\] basePath is "\/shop": the kit does not support basePath yet: the home page skips the session middleware/);
    expect(config.basePath).toBe('/shop');
  });
});
