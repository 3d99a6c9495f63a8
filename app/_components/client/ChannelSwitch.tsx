'use client';
import { useState, type FormEvent } from 'react';
import { useSession } from 'vtex-sessions-next/react';
import { useStorePath } from './useStorePath';

export interface ChannelOption {
  id: string;
  label: string;
  title: string;
}

/**
 * Without JavaScript the form reloads the page with `?sc=`, which the middleware
 * writes into the session; with it, the Sessions API is patched in place and the
 * provider refreshes the page because the variant changed.
 */
export function ChannelSwitch({ channels, current }: { channels: ChannelOption[]; current: string | null }) {
  const { update } = useSession();
  const pathname = useStorePath();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (!submitter?.value) return;
    event.preventDefault();
    setPending(submitter.value);
    setError(null);
    try {
      await update({ sc: submitter.value });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The channel could not be changed');
    } finally {
      setPending(null);
    }
  }

  return (
    <form method="get" action={pathname} className="channel-switch" aria-label="Store" onSubmit={onSubmit} aria-busy={pending !== null}>
      {channels.map((channel) => (
        <button
          key={channel.id}
          type="submit"
          name="sc"
          value={channel.id}
          title={channel.title}
          aria-pressed={channel.id === current}
          disabled={pending !== null}
        >
          {channel.label}
        </button>
      ))}
      {error && (
        <span role="alert" className="channel-switch__error">
          {error}
        </span>
      )}
    </form>
  );
}
