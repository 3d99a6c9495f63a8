import type { ChannelConfig, StoreSettings } from '../config';
import { SessionError } from '../errors';
import type { Transform, TransformOutput } from './types';

/**
 * `public.sc` (or the host's bound channel) -> `store.*`: channel, currency,
 * country, culture and privacy. A channel asked for explicitly that is unknown or
 * not allowed is an error and changes nothing; one that stops being allowed later
 * (signing out of a private channel) falls back to the default channel.
 */
export function storeTransform(settings: StoreSettings): Transform {
  const byId = new Map(settings.channels.map((channel) => [channel.id, channel]));
  const fallback = byId.get(settings.defaultChannel);
  if (!fallback) throw new Error(`defaultChannel "${settings.defaultChannel}" is not among the channels`);
  if (fallback.privacy !== 'public') throw new Error(`defaultChannel "${settings.defaultChannel}" must be public`);

  const byHost = (host: string | undefined): ChannelConfig | undefined => {
    const name = host?.toLowerCase().replace(/:\d+$/, '');
    return name ? settings.channels.find((channel) => channel.hosts?.includes(name)) : undefined;
  };

  return {
    name: 'store',
    inputs: ['public.sc', 'public.cultureInfo', 'profile.isAuthenticated', 'profile.priceTables'],
    outputs: ['store'],
    runOnCreate: true,
    run(inputs, context) {
      const asked = inputs['public.sc'];
      const askedNow = context.requestChanged.has('public.sc');
      let channel = asked !== undefined ? byId.get(asked) : byHost(context.host) ?? fallback;

      if (!channel) {
        if (askedNow) {
          throw new SessionError(400, 'unknown_channel', `Sales channel "${asked}" does not exist; channels are ${[...byId.keys()].join(', ')}`);
        }
        channel = fallback;
      }

      if (channel.privacy === 'private') {
        const signedIn = inputs['profile.isAuthenticated'] === 'true';
        const tables = (inputs['profile.priceTables'] ?? '').split(',').filter(Boolean);
        const allowed = signedIn && tables.some((table) => channel!.allowedPriceTables?.includes(table));
        if (!allowed) {
          if (askedNow) {
            throw signedIn
              ? new SessionError(403, 'channel_forbidden', `Your account may not use sales channel "${channel.id}"`)
              : new SessionError(401, 'channel_requires_login', `Sales channel "${channel.id}" is private: sign in with an account that may use it`);
          }
          channel = byHost(context.host)?.privacy === 'public' ? byHost(context.host)! : fallback;
        }
      }

      const culture = inputs['public.cultureInfo'];
      let cultureInfo = channel.cultureInfo;
      if (culture !== undefined && culture !== channel.cultureInfo) {
        if (channel.cultures?.includes(culture)) cultureInfo = culture;
        else if (context.requestChanged.has('public.cultureInfo')) {
          const allowed = [channel.cultureInfo, ...(channel.cultures ?? [])].filter((c, i, all) => all.indexOf(c) === i);
          throw new SessionError(400, 'unsupported_culture', `Culture "${culture}" is not offered on sales channel "${channel.id}" (offered: ${allowed.join(', ')})`);
        }
      }

      const output: TransformOutput = {
        store: {
          channel: channel.id,
          countryCode: channel.countryCode,
          currencyCode: channel.currencyCode,
          currencySymbol: channel.currencySymbol,
          cultureInfo,
          channelPrivacy: channel.privacy,
        },
      };
      return output;
    },
  };
}
