'use client';
import { useSession } from 'vtex-sessions-next/react';

/**
 * The text of a product whose availability the page cannot tell: its variant has no
 * region, which is a new visitor's as well as a shopper's whose postal code no seller
 * serves. The session tells them apart in the browser; the server's text stays for
 * the first (and whenever the session is not known yet).
 */
export function UnknownAvailability({ text }: { text: string }) {
  const { data, isUpdating } = useSession();
  const postalCode = data?.namespaces.public?.postalCode?.value;
  // A region in the session (or a write on its way) means the page for it is coming.
  if (!postalCode || isUpdating || data?.namespaces.checkout?.regionId) return text;
  return `Not delivered to ${postalCode}`;
}
