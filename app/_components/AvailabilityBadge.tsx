import type { Availability } from '../_store/commerce';
import { UnknownAvailability } from './client/UnknownAvailability';

export const AVAILABILITY_TEXT: Record<Availability, string> = {
  available: 'Delivers to your region',
  unavailable: 'Not available in your region',
  unknown: 'Enter a postal code to check delivery',
};

/**
 * The page's variant knows the region: the badge is plain HTML. It does not (a new
 * visitor, a postal code no seller serves, or a variant whose region the page could
 * not learn from its code): the browser decides from the visitor's own session.
 */
export function AvailabilityBadge({ availability, sellers }: { availability: Availability; sellers: readonly string[] }) {
  if (availability === 'unknown') return <UnknownAvailability sellers={sellers} texts={AVAILABILITY_TEXT} />;
  return (
    <span className={`badge badge--${availability}`} data-availability={availability}>
      {AVAILABILITY_TEXT[availability]}
    </span>
  );
}
