'use client';
import { useActionState, useEffect, useState, type FormEvent } from 'react';
import { useSegment, useSession, type SessionData } from 'vtex-sessions-next/react';
import { setSessionDebug, type DebugState } from '../../actions/session';
import type { TraceEntry } from 'vtex-sessions-next';
import { KeyValueTable } from '../KeyValueTable';
import { useSurvivingState } from './useSurvivingState';

type WithTrace = SessionData & { trace?: TraceEntry[] };

const NOT_TOGGLED: DebugState = { debug: null, trace: null, error: null };

/** The shopper's own session, live: namespaces, the segment cookie and the transform trace. */
export function SessionInspector({ pageVariant }: { pageVariant: string }) {
  const { data, status, update } = useSession();
  const { segment, variant } = useSegment();
  const [trace, setTrace] = useSurvivingState<TraceEntry[] | null>('inspector.trace', null);
  const [debug, setDebug] = useSurvivingState<boolean | null>('inspector.debug', null);
  const [error, setError] = useState<string | null>(null);
  // A server action, so the switch works without JavaScript too: the page then comes
  // back rendered with the action's answer in `toggled`.
  const [toggled, toggleDebug, toggling] = useActionState(setSessionDebug, NOT_TOGGLED);

  // The answer moves into state that outlives a re-render for a new variant.
  useEffect(() => {
    if (toggled === NOT_TOGGLED || toggled.debug === null) return;
    setDebug(toggled.debug);
    setTrace(toggled.trace);
  }, [toggled, setDebug, setTrace]);
  const debugOn = toggled.debug ?? debug;
  // Without JavaScript only the action's answer is there (the page was rendered with it).
  const shownTrace = trace ?? toggled.trace;

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
          <form className="toolbar" action={toggleDebug}>
            <input type="hidden" name="debug" value={debugOn ? 'off' : 'on'} />
            <button className="button button--small" type="submit" aria-disabled={toggling || undefined}>
              {debugOn ? 'Turn debug off' : 'Turn debug on'}
            </button>
          </form>
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
        {(error ?? toggled.error) && (
          <p className="notice notice--error" role="alert">
            {error ?? toggled.error}
          </p>
        )}
        {shownTrace && <Trace entries={shownTrace} />}
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
