/**
 * What the provider loads unless told otherwise: what the hooks and RegionPicker
 * read. Plain module (no 'use client') so server code can pass the same list to
 * getServerSession() for the provider's initial data.
 */
export const DEFAULT_ITEMS: readonly string[] = [
  'profile.isAuthenticated',
  'profile.email',
  'profile.firstName',
  'store.channel',
  'public.country',
  'public.postalCode',
  'checkout.regionId',
  'checkout.sellers',
];

/** `status` needs `profile.isAuthenticated`, so it is always loaded. */
export function withRequiredItems(items: readonly string[]): string[] {
  const covered = items.some((item) => item === '*' || item === 'profile.*' || item === 'profile.isAuthenticated');
  return covered ? [...items] : [...items, 'profile.isAuthenticated'];
}
