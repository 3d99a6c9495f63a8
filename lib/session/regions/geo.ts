import { SessionError } from '../errors';

export interface GeoPoint {
  lng: number;
  lat: number;
}

const NUMBER = /^-?\d{1,3}(\.\d{1,12})?$/;

/**
 * `public.geoCoordinates`: longitude first, then latitude, separated by "," (what
 * FastStore sends: "-46.6558819,-23.5613991") or ";" (VTEX's Regions API spelling).
 */
export function parseGeoCoordinates(raw: string): GeoPoint {
  const parts = raw.trim().split(/[;,]/).map((part) => part.trim());
  const invalid = () =>
    new SessionError(
      400,
      'invalid_geo_coordinates',
      `"${raw.slice(0, 40)}" is not "longitude,latitude" in degrees (for example "-46.6333,-23.5505"; ";" may separate them too)`,
    );
  if (parts.length !== 2 || !parts.every((part) => NUMBER.test(part))) throw invalid();
  const lng = Number(parts[0]);
  const lat = Number(parts[1]);
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90) throw invalid();
  return { lng, lat };
}

/** The one form sessions keep `public.geoCoordinates` in: "lng,lat", as FastStore sends it to VTEX's Session Manager. */
export function formatGeoCoordinates(point: GeoPoint): string {
  return `${decimal(point.lng)},${decimal(point.lat)}`;
}

/** Plain decimal notation, never exponent (String(1e-7) is "1e-7", which NUMBER refuses), without trailing zeros. */
function decimal(value: number): string {
  return value.toFixed(12).replace(/\.?0+$/, '');
}

/** `[minLng, minLat, maxLng, maxLat]`, edges included. */
export type GeoBox = readonly [number, number, number, number];

export function inGeoBox(point: GeoPoint, box: GeoBox): boolean {
  return point.lng >= box[0] && point.lng <= box[2] && point.lat >= box[1] && point.lat <= box[3];
}
