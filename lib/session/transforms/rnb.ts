import { matchAudiences, validateAudiences } from '../audiences/evaluate';
import type { AudienceConfig } from '../audiences/types';
import type { Transform } from './types';

/**
 * Campaign Audiences: the shopper's UTMs, email, price tables and postal code ->
 * `rnb.campaigns`, the sorted ids of the audiences they belong to, joined by ","
 * (absent when none). The segment's `campaigns` follows it.
 */
export function rnbTransform(audiences: readonly AudienceConfig[]): Transform {
  validateAudiences(audiences);
  return {
    name: 'rnb',
    inputs: [
      'profile.email',
      'profile.priceTables',
      'public.utm_source',
      'public.utm_campaign',
      'public.utmi_campaign',
      'public.postalCode',
      'public.country',
      'store.countryCode',
    ],
    outputs: ['rnb.campaigns'],
    run(inputs) {
      const campaigns = matchAudiences(audiences, {
        utm_source: inputs['public.utm_source'],
        utm_campaign: inputs['public.utm_campaign'],
        utmi_campaign: inputs['public.utmi_campaign'],
        email: inputs['profile.email'],
        priceTables: (inputs['profile.priceTables'] ?? '').split(',').filter(Boolean),
        country: inputs['public.country'] ?? inputs['store.countryCode'],
        postalCode: inputs['public.postalCode'],
      });
      return campaigns.length > 0 ? { rnb: { campaigns: campaigns.join(',') } } : {};
    },
  };
}
