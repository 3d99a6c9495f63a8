import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBase64Url } from './base64';
import { Lru } from './lru';
import { andThen, isThenable, type Maybe } from './maybe';
import type { OpenPayload, PristinePayload } from './token';
import { freezeNamespaces, namespacesWireText } from './token-wire';
import type { Namespaces } from './types';
import { utf8Encoder } from './utf8';

/**
 * What a pristine token says instead of its namespaces: the host its session was
 * minted for, and a digest of the namespaces every new session of that host got then.
 * Whoever opens the token mints that host's template again and compares digests.
 */
export interface PristineRef {
  host: string;
  digest: string;
}

/** A host's new session, as every server with the same configuration mints it. */
export interface PristineTemplate {
  ref: PristineRef;
  /** Frozen: shared by every session opened from the template (stores copy what they change). */
  namespaces: Namespaces;
}

/** 72 bits: the digest tells one configuration's template from another's, and nobody can choose either. */
const DIGEST_CHARS = 12;
/** Distinct hosts whose template is kept (as the middleware keeps its new sessions). */
const TEMPLATE_CACHE_SIZE = 256;
/** Distinct foreign templates a process warns of: a deploy brings one or two, a misconfiguration one. */
const FOREIGN_TEMPLATE_WARNINGS = 8;

export function templateDigest(namespaces: Namespaces): string {
  return bytesToBase64Url(sha256(utf8Encoder.encode(namespacesWireText(namespaces)))).slice(0, DIGEST_CHARS);
}

/**
 * The templates of new sessions, by host, and the pristine tokens they open.
 *
 * Why: a new visitor's token used to carry the whole of a new session (the account,
 * the store's defaults, nobody signed in), about 330 characters of JSON sealed for
 * every first visit and sent back on every request. Those namespaces are a function
 * of the configuration, the transforms and the host, so any server can mint them
 * again; the token says which host and which template (docs/session-token.md).
 *
 * A token whose digest is not the template's any more (the configuration changed
 * since it was sealed) opens to nothing: its visitor never wrote anything, so a fresh
 * session is what they would get, and the token never opens to namespaces other than
 * those it was sealed for.
 */
export class PristineTemplates {
  private readonly templates = new Lru<string, PristineTemplate>(TEMPLATE_CACHE_SIZE);
  private readonly pending = new Map<string, PromiseLike<PristineTemplate>>();
  /** Opened payloads, one per token payload the codec hands out: the same token opens to the same object. */
  private readonly opened = new WeakMap<PristinePayload, OpenPayload | null>();

  /** Digests of other templates already warned of. */
  private readonly foreign = new Set<string>();

  /**
   * `mint`: a new session's namespaces for a host, with no inputs and no I/O.
   * `warn`: told once per foreign template (see open()).
   */
  constructor(
    private readonly mint: (host: string) => Maybe<Namespaces>,
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {}

  /** The host's template: synchronous once minted here, and whenever its transforms are. */
  template(host: string): Maybe<PristineTemplate> {
    const known = this.templates.get(host) ?? this.pending.get(host);
    if (known) return known;
    const made = andThen(this.mint(host), (minted) => {
      const namespaces = freezeNamespaces(minted);
      const template: PristineTemplate = { ref: { host, digest: templateDigest(namespaces) }, namespaces };
      this.templates.set(host, template);
      this.pending.delete(host);
      return template;
    });
    if (isThenable(made)) {
      this.pending.set(host, made);
      made.then(undefined, () => this.pending.delete(host));
    }
    return made;
  }

  /** The payload with its template's namespaces; null when the template is not the one it was sealed with. */
  open(payload: PristinePayload): Maybe<OpenPayload | null> {
    const known = this.opened.get(payload);
    if (known !== undefined) return known;
    return andThen(this.template(payload.pristine.host), ({ ref, namespaces }) => {
      const { pristine, ...base } = payload;
      const opened: OpenPayload | null = ref.digest === pristine.digest ? { ...base, ns: namespaces, pristine: ref } : null;
      if (!opened) this.warnForeign(pristine, ref);
      this.opened.set(payload, opened);
      return opened;
    });
  }

  /**
   * A token sealed (under this secret, its MAC checked) by a server whose new sessions
   * differ from this one's: a deploy that changed the configuration, or, when it goes
   * on, a middleware and a Sessions API given different configurations or transforms,
   * where every new visitor silently gets a second session on their first API call.
   */
  private warnForeign(theirs: PristineRef, ours: PristineRef): void {
    if (this.foreign.has(theirs.digest) || this.foreign.size >= FOREIGN_TEMPLATE_WARNINGS) return;
    this.foreign.add(theirs.digest);
    this.warn(
      `[sessions] a new visitor's token names the template ${theirs.digest} for ${JSON.stringify(theirs.host)}; this server's is ${ours.digest}. ` +
        'Its visitor gets a fresh session here. Expected during a deploy that changes the configuration; otherwise the middleware and this server ' +
        'run with different configurations or transforms (give both the same store config and transforms: docs/session-token.md, "Pristine tokens").',
    );
  }
}
