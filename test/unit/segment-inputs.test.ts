import { describe, expect, it } from 'vitest';
import { segmentInputsOf } from '@/lib/session/segment-inputs';
import { freezeNamespaces, wireText } from '@/lib/session/token-wire';
import type { Transform } from '@/lib/session/transforms/types';
import { NO_INPUTS, urlInputs } from '@/lib/session/url-inputs';
import { utf8Encoder } from '@/lib/session/utf8';

const reads = (name: string, ...inputs: Transform['inputs'][number][]): Transform => ({ name, inputs, outputs: [], run: () => ({}) });
const inputsOf = (query: string) => urlInputs(new URL(`http://localhost/${query}`), 1024);

describe('segmentInputsOf: the URL inputs a new session segment depends on', () => {
  const split = segmentInputsOf([reads('audiences', 'public.utm_medium', 'profile.email'), reads('store', 'public.sc')]);

  it('says nothing (null) when the segment may depend on every one', () => {
    expect(split(inputsOf('?sc=2&utm_campaign=summer&utm_source=mail&utmi_campaign=x&utm_medium=cpc'))).toBeNull();
    expect(split(NO_INPUTS)).toBeNull();
  });

  it('leaves out what neither a transform reads nor the segment shows, and counts what it adds to the token', () => {
    const { kept, otherKeys, otherBytes } = split(inputsOf('?utm_content=ad-42&utm_campaign=summer&utm_term=caf%C3%A9+%22mug%22'))!;
    expect(kept).toEqual({ utm_campaign: 'summer' });
    expect(otherKeys).toBe(2);
    // What the two values add to the JSON a token seals, byte for byte.
    const ns = (values: Record<string, string>) => freezeNamespaces({ public: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value }])) });
    const payload = (values: Record<string, string>) => utf8Encoder.encode(wireText({ id: 'x', v: 1, exp: 1, ns: ns(values) })).length;
    expect(otherBytes).toBe(payload({ utm_campaign: 'summer', utm_content: 'ad-42', utm_term: 'café "mug"' }) - payload({ utm_campaign: 'summer' }));
  });

  it('gives NO_INPUTS when none of them is the segment\'s', () => {
    expect(split(inputsOf('?utm_content=ad-42'))!.kept).toBe(NO_INPUTS);
  });
});
