import { describe, expect, it } from 'vitest';
import { parseItems, selectItems } from '@/lib/session/items';
import { SessionError } from '@/lib/session/errors';
import type { Namespaces } from '@/lib/session/types';

const namespaces: Namespaces = {
  account: { id: { value: 'acc', keepAlive: true }, accountName: { value: 'demostore' } },
  store: { channel: { value: '1' }, currencyCode: { value: 'BRL' } },
  public: { utm_source: { value: 'google' }, postalCode: { value: '05408-000' } },
};

function errorOf(fn: () => unknown): SessionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SessionError) return error;
    throw error;
  }
  throw new Error('expected a SessionError');
}

describe('items selector', () => {
  it('selects listed ns.key items and keeps keepAlive', () => {
    expect(selectItems(namespaces, parseItems('account.id,store.channel'))).toEqual({
      account: { id: { value: 'acc', keepAlive: true } },
      store: { channel: { value: '1' } },
    });
  });

  it('selects a whole namespace with ns.*', () => {
    expect(selectItems(namespaces, parseItems('public.*'))).toEqual({ public: namespaces.public });
  });

  it('selects everything with *', () => {
    expect(selectItems(namespaces, parseItems('*'))).toEqual(namespaces);
  });

  it('leaves out keys and namespaces that are not set', () => {
    expect(selectItems(namespaces, parseItems('profile.email,public.country,store.channel'))).toEqual({
      store: { channel: { value: '1' } },
    });
  });

  it('leaves out well-formed namespaces this kit lacks, as VTEX does (FastStore asks for shopper.*, render-session for creditControl.*)', () => {
    expect(selectItems(namespaces, parseItems('shopper.firstName,store.channel,creditControl.deadlines,creditControl.*'))).toEqual({
      store: { channel: { value: '1' } },
    });
    expect(selectItems(namespaces, parseItems('shopper.*'))).toEqual({});
  });

  it('tolerates spaces and duplicates', () => {
    expect(selectItems(namespaces, parseItems(' store.channel , store.channel'))).toEqual({ store: { channel: { value: '1' } } });
  });

  it('selects nothing when items is missing or empty', () => {
    expect(selectItems(namespaces, parseItems(null))).toEqual({});
    expect(selectItems(namespaces, parseItems(''))).toEqual({});
  });

  it('returns copies, not the session itself', () => {
    const selected = selectItems(namespaces, parseItems('*'));
    selected.store!.channel!.value = 'changed';
    expect(namespaces.store!.channel!.value).toBe('1');
  });

  it.each([
    ['public', 'is not an item'],
    ['public.', 'is not an item'],
    ['.key', 'is not an item'],
    ['a,,b', 'is not an item'],
    ['1foo.bar', 'the namespace "1foo" may only hold'],
    ['__proto__.x', 'reserved name and may not be used as a namespace'],
    ['shopper.bad key', 'may only hold'],
    ['a.b.c', 'may only hold'],
    ['public.__proto__', 'reserved'],
    ['public.constructor', 'reserved'],
    ['public.bad key', 'may only hold'],
  ])('refuses %j with a clear 400', (raw, message) => {
    const error = errorOf(() => parseItems(raw));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_items');
    expect(error.message).toContain(message);
  });

  it('refuses over-long selectors', () => {
    expect(errorOf(() => parseItems('public.a,'.repeat(500))).status).toBe(400);
    expect(errorOf(() => parseItems(Array.from({ length: 101 }, (_, i) => `public.k${i}`).join(','))).message).toContain('more than 100');
  });
});
