'use client';
import { useEffect, useId, useLayoutEffect, useRef, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent } from 'react';
import { NETWORK_ERROR, SessionRequestError, useSegment, useSession } from '../lib/react';

export interface RegionCountry {
  /** ISO 3166-1 alpha-3, as sessions store it (`BRA`). */
  code: string;
  label: string;
}

export interface RegionPickerTexts {
  legend: string;
  country: string;
  postalCode: string;
  submit: string;
  pending: string;
  change: string;
  delivering(postalCode: string, sellers: readonly string[]): string;
  noSeller(postalCode: string): string;
  missingPostalCode: string;
  invalidPostalCode(postalCode: string, country: RegionCountry): string;
  /** A refused update: the server's message when there is one (no-JS posts only bring the code back). */
  serverError(code: string, message: string | null): string;
}

export const DEFAULT_REGION_TEXTS: RegionPickerTexts = {
  legend: 'Delivery region',
  country: 'Country',
  postalCode: 'Postal code',
  submit: 'Apply',
  pending: 'Updating your region…',
  change: 'Change',
  delivering: (postalCode, sellers) => `Delivering to ${postalCode} · sold by ${sellers.join(', ')}`,
  noSeller: (postalCode) => `No seller delivers to ${postalCode} yet`,
  missingPostalCode: 'Enter a postal code',
  invalidPostalCode: (postalCode, country) => `“${postalCode}” is not a valid postal code for ${country.label}`,
  serverError: (code, message) =>
    message ??
    (code === 'invalid_postal_code' ? 'That postal code is not valid for the chosen country' : 'We could not update your region. Please try again.'),
};

export const DEFAULT_REGION_COUNTRIES: readonly RegionCountry[] = [
  { code: 'BRA', label: 'Brasil' },
  { code: 'USA', label: 'United States' },
];

export type RegionPickerPart =
  | 'status'
  | 'change'
  | 'form'
  | 'fieldset'
  | 'legend'
  | 'field'
  | 'label'
  | 'select'
  | 'input'
  | 'error'
  | 'submit';

export interface RegionPickerProps {
  countries?: readonly RegionCountry[];
  texts?: Partial<RegionPickerTexts>;
  className?: string;
  classNames?: Partial<Record<RegionPickerPart, string>>;
  /** Where the form posts without JavaScript. Default `/api/sessions/form`. */
  action?: string;
  /**
   * Where that post returns to: the path of the page showing the picker. Pass it from
   * the server so the form works before hydration (the route falls back to Referer).
   */
  redirectTo?: string;
  /** Why a no-JS post was refused (the form route's `error` code), for server rendering. */
  errorCode?: string | null;
  /** What the shopper posted without JavaScript, kept in the fields after a refusal. */
  submitted?: { country?: string; postalCode?: string };
}

type Rules = typeof import('../lib/session/regions/postal-code');
let rules: Promise<Rules | null> | null = null;

/** Loaded on first use so the header's bundle does not carry every country's format. */
function loadRules(): Promise<Rules | null> {
  rules ??= import('../lib/session/regions/postal-code').catch(() => {
    // Unreachable chunk: let the server judge this time, try again next time.
    rules = null;
    return null;
  });
  return rules;
}

type FocusPart = 'change' | 'input';

/**
 * Where focus goes next, kept outside any one picker. A region change re-renders
 * the page for the new variant (router.refresh()), and the App Router mounts
 * everything under app/[variant]/ afresh, picker included (under Cache Components
 * the old page stays in the DOM, hidden): the picker that mounts in its place takes
 * the focus the old one had or was about to give. Only one element has focus at a
 * time, so one slot serves every picker on the page.
 */
const carried = {
  part: null as FocusPart | null,
  at: 0,
  listeners: new Set<() => void>(),
  set(part: FocusPart | null) {
    this.part = part;
    this.at = Date.now();
    for (const listener of this.listeners) listener();
  },
  /** The part to focus, once; a stale intent (the shopper has moved on) is dropped. */
  take(): FocusPart | null {
    const part = Date.now() - this.at < 5000 ? this.part : null;
    this.part = null;
    return part;
  },
};

/** No element has the focus that the shopper can see: none, the body, or one in a hidden subtree. */
function focusLost(active: Element | null): boolean {
  return active === null || active === document.body || (typeof active.checkVisibility === 'function' && !active.checkVisibility());
}

const noSubscribe = () => () => {};
/** False while server rendering and hydrating, so the no-JS markup is what hydrates. */
const useHydrated = () => useSyncExternalStore(noSubscribe, () => true, () => false);

function sellerNames(raw: string | undefined): string[] {
  if (!raw) return [];
  try {
    const list: unknown = JSON.parse(raw);
    if (!Array.isArray(list)) return [];
    return list.map((seller) => seller?.name ?? seller?.id).filter((name): name is string => typeof name === 'string');
  } catch {
    return [];
  }
}

export function RegionPicker({
  countries = DEFAULT_REGION_COUNTRIES,
  texts,
  className,
  classNames = {},
  action = '/api/sessions/form',
  redirectTo,
  errorCode,
  submitted,
}: RegionPickerProps) {
  const t = { ...DEFAULT_REGION_TEXTS, ...texts };
  const { data, update } = useSession();
  const { segment } = useSegment();
  const hydrated = useHydrated();
  const id = useId();
  const ids = { status: `${id}status`, country: `${id}country`, postal: `${id}postal`, error: `${id}error` };

  const saved = data?.namespaces;
  const savedPostal = saved?.public?.postalCode?.value;
  const known = (code: string | null | undefined) => (code && countries.some((c) => c.code === code) ? code : undefined);
  const savedCountry = known(saved?.public?.country?.value) ?? known(segment?.countryCode) ?? countries[0]?.code ?? '';

  const [draftCountry, setDraftCountry] = useState<string | null>(known(submitted?.country) ?? null);
  const [draftPostal, setDraftPostal] = useState<string | null>(submitted?.postalCode ?? null);
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const busy = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const changeRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const focusNext = useRef<FocusPart | null>(null);
  // A live region announces changes, not what it holds when it appears: a picker
  // mounted in place of another (see `carried`) fills its status after mounting.
  // Server and hydration renders show it at once (nothing to announce there).
  const [statusShown, setStatusShown] = useState(!hydrated);
  const [, setFocusTick] = useState(0);

  useEffect(() => {
    const target = focusNext.current === 'input' ? inputRef.current : focusNext.current === 'change' ? changeRef.current : null;
    // The intent waits for its target: the session data that shows it (a picker
    // mounted in place of another, an answer SWR delivers a render later) may not
    // be on screen yet. Every path that shows the other part sets a new intent.
    if (!target) return;
    focusNext.current = null;
    target.focus();
  });

  useLayoutEffect(() => {
    const root = rootRef.current;
    const claim = () => {
      const part = carried.take();
      if (!part) return;
      focusNext.current = part;
      // Render again so the focus effect runs with its target in place.
      setFocusTick((tick) => tick + 1);
    };
    carried.listeners.add(claim);
    // Focus lost: the element that had it went away with the old page, or (Cache
    // Components) stays in the DOM inside the old page, which Next keeps hidden.
    if (focusLost(document.activeElement)) claim();
    else carried.take();
    return () => {
      carried.listeners.delete(claim);
      // Unmounted with focus inside (the page re-rendered for a new variant): pass it on.
      const active = document.activeElement;
      if (root && active && root.contains(active)) carried.set(active.closest('form') ? 'input' : 'change');
    };
  }, []);

  useEffect(() => {
    if (statusShown) return;
    const timer = setTimeout(() => setStatusShown(true), 50);
    return () => clearTimeout(timer);
  }, [statusShown]);

  const country = draftCountry ?? savedCountry;
  const postal = draftPostal ?? savedPostal ?? '';
  const returnedCode = touched ? null : (errorCode ?? null);
  const chosen = countries.find((c) => c.code === country) ?? { code: country, label: country };
  const shownError =
    error ??
    (returnedCode === 'invalid_postal_code' && submitted
      ? submitted.postalCode
        ? t.invalidPostalCode(submitted.postalCode, chosen)
        : t.missingPostalCode
      : returnedCode
        ? t.serverError(returnedCode, null)
        : null);
  const showForm = !hydrated || !savedPostal || editing || pending || shownError !== null;
  const redirect = redirectTo ?? (hydrated ? window.location.pathname + window.location.search : '');

  const sellers = sellerNames(saved?.checkout?.sellers?.value);
  const summary = savedPostal && !pending ? (sellers.length > 0 ? t.delivering(savedPostal, sellers) : t.noSeller(savedPostal)) : '';

  /** Back to the saved region: the form's drafts dropped, the summary and its Change button shown. */
  function closeForm() {
    setEditing(false);
    setDraftCountry(null);
    setDraftPostal(null);
    focusNext.current = 'change';
  }

  function fail(message: string) {
    setError(message);
    focusNext.current = 'input';
    carried.set(null);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy.current) return;
    busy.current = true;
    setTouched(true);
    try {
      const loaded = await loadRules();
      const code = loaded ? loaded.normalizePostalCode(postal) : postal.trim();
      if (code === '') return fail(t.missingPostalCode);
      if (loaded?.checkPostalCode(country, code) === 'invalid') return fail(t.invalidPostalCode(code, chosen));
      setError(null);
      setPending(true);
      try {
        await update({ country, postalCode: code });
        closeForm();
        // The update may have re-rendered the page for a new variant, mounting another
        // picker in place of this one: that one takes the focus.
        carried.set('change');
      } catch (cause) {
        const known = cause instanceof SessionRequestError && cause.status !== 0;
        fail(t.serverError(known ? cause.code : NETWORK_ERROR, known ? cause.message : null));
      } finally {
        setPending(false);
      }
    } finally {
      busy.current = false;
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== 'Escape' || !savedPostal || pending) return;
    closeForm();
    setError(null);
    setTouched(true);
  }

  return (
    <div className={className} ref={rootRef}>
      <p id={ids.status} role="status" aria-live="polite" aria-atomic="true" className={classNames.status}>
        {statusShown ? (pending ? t.pending : summary) : ''}
      </p>
      {!showForm && (
        <button
          ref={changeRef}
          type="button"
          className={classNames.change}
          aria-describedby={ids.status}
          onClick={() => {
            setEditing(true);
            focusNext.current = 'input';
          }}
        >
          {t.change}
        </button>
      )}
      {showForm && (
        <form method="post" action={action} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-busy={pending} className={classNames.form}>
          <fieldset className={classNames.fieldset}>
            <legend className={classNames.legend}>{t.legend}</legend>
            <input type="hidden" name="redirect" value={redirect} />
            <div className={classNames.field}>
              <label htmlFor={ids.country} className={classNames.label}>
                {t.country}
              </label>
              <select
                id={ids.country}
                name="country"
                className={classNames.select}
                value={country}
                onChange={(event) => {
                  setDraftCountry(event.target.value);
                  setError(null);
                }}
              >
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
            <div className={classNames.field}>
              <label htmlFor={ids.postal} className={classNames.label}>
                {t.postalCode}
              </label>
              <input
                ref={inputRef}
                id={ids.postal}
                name="postalCode"
                className={classNames.input}
                value={postal}
                onChange={(event) => setDraftPostal(event.target.value)}
                onFocus={() => void loadRules()}
                autoComplete="postal-code"
                required
                aria-invalid={shownError ? true : undefined}
                aria-describedby={shownError ? ids.error : undefined}
              />
              {shownError && (
                <p id={ids.error} className={classNames.error}>
                  {shownError}
                </p>
              )}
            </div>
            {/* aria-disabled, not disabled: a disabled button would drop keyboard focus mid-request. */}
            <button type="submit" className={classNames.submit} aria-disabled={pending || undefined}>
              {t.submit}
            </button>
          </fieldset>
        </form>
      )}
    </div>
  );
}
