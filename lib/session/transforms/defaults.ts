import type { AudienceConfig } from '../audiences/types';
import type { StoreSettings } from '../config';
import { staticCustomerDirectory, type CustomerRecord } from '../customers/directory';
import type { CustomerDirectory } from '../customers/types';
import { embeddedRegionResolver, type RegionsDataset } from '../regions/embedded';
import type { RegionResolver } from '../regions/types';
import { checkoutTransform } from './checkout';
import { impersonateTransform } from './impersonate';
import { profileTransform } from './profile';
import { rnbTransform } from './rnb';
import { storeTransform } from './store';
import type { Transform } from './types';

/** What a store declares in store.config.ts for the commercial transforms. */
export interface CommerceSettings {
  /** The embedded resolver's dataset (postal-code ranges -> sellers). */
  regions?: RegionsDataset;
  /** The demo's customer directory; real stores pass `customerDirectory` instead. */
  customers?: readonly CustomerRecord[];
  audiences?: readonly AudienceConfig[];
}

/** Pluggable parts that are code rather than settings. */
export interface BuiltInParts {
  /** Defaults to the embedded resolver over `settings.regions`. */
  regionResolver?: RegionResolver;
  /** Defaults to a directory over `settings.customers`. */
  customerDirectory?: CustomerDirectory;
}

/**
 * The built-in transforms, in the order they run within a round: who is shopping
 * first (impersonate -> profile), then what they may see (store), where they are
 * (checkout) and which campaigns they fall in (rnb), so most writes settle in one
 * round. Without regions or a resolver there is no checkout transform.
 */
export function builtInTransforms(settings: StoreSettings & CommerceSettings, parts: BuiltInParts = {}): Transform[] {
  const directory = parts.customerDirectory ?? staticCustomerDirectory(settings.customers ?? []);
  const resolver = parts.regionResolver ?? (settings.regions ? embeddedRegionResolver(settings.regions) : undefined);
  return [
    impersonateTransform(directory),
    profileTransform(directory),
    storeTransform(settings),
    ...(resolver ? [checkoutTransform(resolver)] : []),
    rnbTransform(settings.audiences ?? []),
  ];
}
