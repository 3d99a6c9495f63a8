import type { StoreSettings } from '../config';
import { storeTransform } from './store';
import type { Transform } from './types';

/** The built-in transforms, in the order they run within a round. */
export function builtInTransforms(settings: StoreSettings): Transform[] {
  return [storeTransform(settings)];
}
