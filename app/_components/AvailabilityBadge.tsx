import type { Availability } from '../_store/commerce';
import { UnknownAvailability } from './client/UnknownAvailability';

const TEXT: Record<Availability, string> = {
  available: 'Delivers to your region',
  unavailable: 'Not available in your region',
  unknown: 'Enter a postal code to check delivery',
};

export function AvailabilityBadge({ availability }: { availability: Availability }) {
  return (
    <span className={`badge badge--${availability}`} data-availability={availability}>
      {availability === 'unknown' ? <UnknownAvailability text={TEXT.unknown} /> : TEXT[availability]}
    </span>
  );
}
