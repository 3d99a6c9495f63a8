import type { ValueEdit } from './edit';
import { formatGeoCoordinates, parseGeoCoordinates } from './regions/geo';

/**
 * Client-written inputs, each kept in one spelling whichever a client sent:
 * `geoCoordinates` as "lng,lat" (from "lng,lat" or "lng;lat", spaces dropped). A
 * value that does not parse is left as it is, for the transform that reads it to
 * refuse with its own message.
 */
export function canonicalPublicInputs(values: ValueEdit): ValueEdit {
  const geo = values.geoCoordinates;
  if (typeof geo !== 'string' || geo === '') return values;
  try {
    return { ...values, geoCoordinates: formatGeoCoordinates(parseGeoCoordinates(geo)) };
  } catch {
    return values;
  }
}
