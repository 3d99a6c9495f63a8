import type { ChannelConfig, StoreSettings } from '../config';
import { SessionError } from '../errors';
import type { Transform, TransformOutput } from './types';

/**
 * `public.sc` (or the host's bound channel) -> `store.*`: channel, currency,
 * country, culture and privacy. A channel asked for explicitly that is unknown or
 * not allowed is an error and changes nothing; one that stops being allowed later
 * (signing out of a private channel) falls back to the default channel.
 *
 * The culture: `public.cultureInfo` when the channel offers it (asking for one it
 * does not offer is a 400), else `public.locale` when the channel offers that (what
 * FastStore sends on every session call, so one the channel lacks is ignored), else
 * the channel's own. `store.admin_cultureInfo` sits next to it, as on VTEX (the
 * Site Editor's language; render-session reads it): `public.admin_cultureInfo` when
 * the channel offers it, else the culture in use.
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
    inputs: ['public.sc', 'public.cultureInfo', 'public.locale', 'public.admin_cultureInfo', 'profile.isAuthenticated', 'profile.priceTables'],
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
      const cultures = culturesOf(channel);
      const offered = (asked: string | undefined) => (asked === undefined ? undefined : cultures.find((c) => c.toLowerCase() === asked.toLowerCase()));
      let cultureInfo = offered(inputs['public.locale']) ?? channel.cultureInfo;
      if (culture !== undefined) {
        const chosen = offered(culture);
        if (chosen !== undefined) cultureInfo = chosen;
        else if (context.requestChanged.has('public.cultureInfo')) {
          throw new SessionError(400, 'unsupported_culture', `Culture "${culture}" is not offered on sales channel "${channel.id}" (offered: ${cultures.join(', ')})`);
        }
      }

      const output: TransformOutput = {
        store: {
          channel: channel.id,
          countryCode: channel.countryCode,
          currencyCode: channel.currencyCode,
          currencySymbol: channel.currencySymbol,
          cultureInfo,
          admin_cultureInfo: offered(inputs['public.admin_cultureInfo']) ?? cultureInfo,
          channelPrivacy: channel.privacy,
        },
      };
      return output;
    },
  };
}

/** The cultures a channel offers, its own first; a match ignores case ("en-us" is "en-US") and answers the channel's spelling. */
function culturesOf(channel: ChannelConfig): string[] {
  return [...new Set([channel.cultureInfo, ...(channel.cultures ?? [])])];
}
