'use client';
import { useState, type FormEvent } from 'react';
import { useSegment, useSession, type SessionData } from '@/lib/react';
import type { TraceEntry } from '@/lib/session/types';
import { KeyValueTable } from '../KeyValueTable';
import { useSurvivingState } from './useSurvivingState';

type WithTrace = SessionData & { trace?: TraceEntry[] };

/** The shopper's own session, live: namespaces, the segment cookie and the transform trace. */
export function SessionInspector({ pageVariant }: { pageVariant: string }) {
  const { data, status, update } = useSession();
  const { segment, variant } = useSegment();
  const [trace, setTrace] = useSurvivingState<TraceEntry[] | null>('inspector.trace', null);
  const [debug, setDebug] = useSurvivingState<boolean | null>('inspector.debug', null);
  const [error, setError] = useState<string | null>(null);

  async function toggleDebug(on: boolean) {
    setError(null);
    // update() speaks only `public`; the debug flag is a top-level field of the write.
    const response = await fetch('/api/sessions?items=*', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ debug: on }),
    });
    if (!response.ok) return setError(`Could not turn debug ${on ? 'on' : 'off'} (${response.status})`);
    const body = (await response.json()) as WithTrace;
    setDebug(on);
    setTrace(on ? (body.trace ?? []) : null);
  }

  async function write(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const key = String(form.get('key') ?? '').trim();
    if (!key) return;
    setError(null);
    try {
      const result = (await update({ [key]: String(form.get('value') ?? '') })) as WithTrace;
      if (result.trace) setTrace(result.trace);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The write failed');
    }
  }

  const namespaces = data?.namespaces ?? {};
  return (
    <>
      <section className="panel" aria-labelledby="namespaces-title">
        <div className="section-head">
          <h2 id="namespaces-title">Namespaces</h2>
          <p>
            Session <code data-testid="session-id">{data?.id ?? '…'}</code> · {status}
          </p>
        </div>
        <div className="inspector__grid" data-testid="namespaces">
          {Object.entries(namespaces).map(([ns, values]) => (
            <div key={ns} data-namespace={ns}>
              <h3>{ns}</h3>
              <KeyValueTable caption={`Namespace ${ns}`} rows={Object.entries(values ?? {}).map(([key, entry]) => [key, entry.value])} />
            </div>
          ))}
        </div>
      </section>

      <section className="panel" aria-labelledby="cookie-title">
        <h2 id="cookie-title">vtex_segment cookie</h2>
        <p className="muted">
          What this browser holds now. The page above was rendered for variant <code>{pageVariant.slice(0, 16)}…</code>
          {variant && variant !== pageVariant ? '; a newer one is on its way.' : '.'}
        </p>
        {segment ? (
          <KeyValueTable testId="segment-cookie" caption="Decoded vtex_segment cookie" rows={Object.entries(segment)} />
        ) : (
          <p>No readable segment cookie.</p>
        )}
      </section>

      <section className="panel" aria-labelledby="trace-title">
        <div className="section-head">
          <h2 id="trace-title">Transform trace</h2>
          <div className="toolbar">
            <button className="button button--small" type="button" onClick={() => toggleDebug(debug !== true)}>
              {debug ? 'Turn debug off' : 'Turn debug on'}
            </button>
          </div>
        </div>
        <p className="muted">
          With debug on, every write answers with the transforms that ran, why they ran and what they changed. Try a write:
        </p>
        <form className="toolbar" onSubmit={write} aria-label="Write a public key">
          <label className="visually-hidden" htmlFor="write-key">
            Key
          </label>
          <input className="input" id="write-key" name="key" defaultValue="utm_campaign" data-size="s" />
          <label className="visually-hidden" htmlFor="write-value">
            Value
          </label>
          <input className="input" id="write-value" name="value" placeholder="blackfriday" data-size="m" />
          <button className="button button--small button--ghost" type="submit">
            Write to public
          </button>
        </form>
        {error && (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        )}
        {trace && <Trace entries={trace} />}
      </section>
    </>
  );
}

function Trace({ entries }: { entries: TraceEntry[] }) {
  if (entries.length === 0) return <p data-testid="trace">No transform ran on the last write.</p>;
  return (
    <div className="table-scroll">
      <table className="kv" data-testid="trace">
        <thead>
          <tr>
            <th scope="col">Round</th>
            <th scope="col">Transform</th>
            <th scope="col">Why</th>
            <th scope="col">Changed</th>
            <th scope="col">ms</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => (
            <tr key={index}>
              <td>{entry.round}</td>
              <td>{entry.transform}</td>
              <td>{entry.reason.join(', ')}</td>
              <td>{entry.changed.join(', ') || '-'}</td>
              <td>{entry.ms.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
