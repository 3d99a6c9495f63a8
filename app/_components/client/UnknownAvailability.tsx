'use client';
import { useSession } from 'vtex-sessions-next/react';
import { availabilityIn, type Availability } from '../../_store/commerce';

/**
 * The badge of a product whose availability the page cannot tell: its variant has no
 * region, which is a new visitor's as well as a shopper's whose postal code no seller
 * serves, or a region the page could not learn (its code stands for a marketplace
 * region the variant registry did not know). The session tells them apart in the
 * browser; the server's text stays for the first (and until the session is known).
 */
export function UnknownAvailability({ sellers, texts }: { sellers: readonly string[]; texts: Record<Availability, string> }) {
  const { data, isUpdating } = useSession();
  const postalCode = data?.namespaces.public?.postalCode?.value;
  const regionId = data?.namespaces.checkout?.regionId?.value;
  let availability: Availability = 'unknown';
  let text = texts.unknown;
  if (!isUpdating && regionId) {
    availability = availabilityIn(sellers, regionId);
    text = texts[availability];
  } else if (!isUpdating && postalCode) {
    text = `Not delivered to ${postalCode}`;
  }
  return (
    <span className={`badge badge--${availability}`} data-availability={availability}>
      {text}
    </span>
  );
}
