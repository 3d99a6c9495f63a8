import { describe, expect, it } from 'vitest';
import { embeddedRegionResolver, type RegionsDataset } from '@/lib/session/regions/embedded';
import { regionIdOf } from '@/lib/session/regions/types';
import { storeConfig } from '@/store.config';

const demo = embeddedRegionResolver(storeConfig.regions);

describe('embedded region resolver (data/regions.json)', () => {
  it('serves São Paulo from 01000-000 to 09999-999, with overlapping sellers', async () => {
    const paulista = await demo.resolve({ country: 'BRA', postalCode: '01310-100' });
    expect(paulista?.sellers.map((s) => s.id)).toEqual(['1', 'sp-centro', 'sp-express']);
    expect(paulista?.id).toBe(regionIdOf(['1', 'sp-centro', 'sp-express']));
    expect(paulista?.sellers[0]).toEqual({ id: '1', name: 'Demo Store' });

    expect((await demo.resolve({ country: 'BRA', postalCode: '01000-000' }))?.sellers.map((s) => s.id)).toEqual(['1', 'sp-centro']);
    expect((await demo.resolve({ country: 'BRA', postalCode: '05408000' }))?.sellers.map((s) => s.id)).toEqual(['1', 'sp-sul']);
    expect((await demo.resolve({ country: 'BRA', postalCode: '09999-999' }))?.sellers.map((s) => s.id)).toEqual(['1']);
  });

  it('answers a place asked again from memory, read-only, and each place, channel and point on its own', async () => {
    const resolver = embeddedRegionResolver(storeConfig.regions);
    const first = await resolver.resolve({ country: 'BRA', postalCode: '01310-100' });
    expect(await resolver.resolve({ country: 'BRA', postalCode: '01310-100' })).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first!.sellers) && Object.isFrozen(first!.sellers[0])).toBe(true);
    expect((await resolver.resolve({ country: 'BRA', postalCode: '05408000' }))?.id).not.toBe(first?.id);
    expect(await resolver.resolve({ country: 'BRA', postalCode: '00000-001' })).toBeNull();
    expect(await resolver.resolve({ country: 'BRA', postalCode: '00000-001' })).toBeNull();
    // The same postal code on another channel is another question.
    const byChannel = embeddedRegionResolver({
      sellers: [
        { id: 'all', name: 'Everyone' },
        { id: 'b2b', name: 'Wholesale' },
      ],
      areas: [
        { country: 'BRA', postalCodes: { from: '01000-000', to: '01999-999' }, sellers: ['all'] },
        { country: 'BRA', postalCodes: { from: '01000-000', to: '01999-999' }, sellers: ['b2b'], channels: ['3'] },
      ],
    } as RegionsDataset);
    const retail = await byChannel.resolve({ country: 'BRA', postalCode: '01310-100', salesChannel: '1' });
    const wholesale = await byChannel.resolve({ country: 'BRA', postalCode: '01310-100', salesChannel: '3' });
    expect(retail?.sellers.map((s) => s.id)).toEqual(['all']);
    expect(wholesale?.sellers.map((s) => s.id)).toEqual(['all', 'b2b']);
    expect((await byChannel.resolve({ country: 'BRA', postalCode: '01310-100', salesChannel: '1' }))?.id).toBe(retail?.id);
  });

  it('serves Manhattan from 10001 to 10299', async () => {
    expect((await demo.resolve({ country: 'USA', postalCode: '10001' }))?.sellers.map((s) => s.id)).toEqual(['us-1', 'nyc-downtown']);
    expect((await demo.resolve({ country: 'USA', postalCode: '10299' }))?.sellers.map((s) => s.id)).toEqual(['us-1', 'nyc-uptown']);
    expect((await demo.resolve({ country: 'USA', postalCode: '10128-1234' }))?.sellers.map((s) => s.id)).toEqual(['us-1', 'nyc-uptown']);
  });

  it('gives no region to a well-formed code outside every range, or another country', async () => {
    expect(await demo.resolve({ country: 'BRA', postalCode: '69900-000' })).toBeNull();
    expect(await demo.resolve({ country: 'USA', postalCode: '10300' })).toBeNull();
    expect(await demo.resolve({ country: 'USA', postalCode: '01310' })).toBeNull();
    expect(await demo.resolve({ country: 'ARG', postalCode: '01310' })).toBeNull();
  });

  it('finds regions by map coordinates too', async () => {
    expect((await demo.resolve({ country: 'BRA', geoCoordinates: { lng: -46.6544, lat: -23.5632 } }))?.sellers.map((s) => s.id)).toEqual(['1', 'sp-express']);
    expect((await demo.resolve({ country: 'USA', geoCoordinates: { lng: -73.9855, lat: 40.758 } }))?.sellers.map((s) => s.id)).toEqual(['us-1']);
    expect(await demo.resolve({ country: 'BRA', geoCoordinates: { lng: -43.2, lat: -22.9 } })).toBeNull();
  });

  it('gives one id per place whatever the order of the areas', async () => {
    const reversed = embeddedRegionResolver({ ...storeConfig.regions, areas: [...storeConfig.regions.areas].reverse() });
    expect((await reversed.resolve({ country: 'BRA', postalCode: '01310-100' }))?.id).toBe(
      (await demo.resolve({ country: 'BRA', postalCode: '01310-100' }))?.id,
    );
  });

  it('limits areas to their sales channels when they name some', async () => {
    const data: RegionsDataset = {
      sellers: [{ id: 'b2b', name: 'B2B Depot' }],
      areas: [{ country: 'BRA', postalCodes: { from: '01000-000', to: '09999-999' }, sellers: ['b2b'], channels: ['3'] }],
    };
    const resolver = embeddedRegionResolver(data);
    expect(await resolver.resolve({ country: 'BRA', postalCode: '01310-100', salesChannel: '1' })).toBeNull();
    expect((await resolver.resolve({ country: 'BRA', postalCode: '01310-100', salesChannel: '3' }))?.sellers).toEqual([{ id: 'b2b', name: 'B2B Depot' }]);
  });

  it('refuses a broken dataset at start, saying where', () => {
    const base = { sellers: [{ id: 's', name: 'S' }] };
    expect(() => embeddedRegionResolver({ ...base, areas: [{ country: 'BRA', postalCodes: { from: '01000-000', to: '09999-999' }, sellers: ['ghost'] }] })).toThrow(
      'areas.0: unknown seller "ghost"',
    );
    expect(() => embeddedRegionResolver({ ...base, areas: [{ country: 'BR', postalCodes: { from: '01000-000', to: '09999-999' }, sellers: ['s'] }] })).toThrow(
      'not an ISO 3166-1 alpha-3 country',
    );
    expect(() => embeddedRegionResolver({ ...base, areas: [{ country: 'BRA', postalCodes: { from: '1000', to: '09999-999' }, sellers: ['s'] }] })).toThrow(
      '"1000" is not a postal code of BRA',
    );
    expect(() => embeddedRegionResolver({ ...base, areas: [{ country: 'BRA', postalCodes: { from: '09999-999', to: '01000-000' }, sellers: ['s'] }] })).toThrow(
      'comes after',
    );
    expect(() => embeddedRegionResolver({ ...base, areas: [{ country: 'BRA', sellers: ['s'] }] })).toThrow('postalCodes or box');
    expect(() => embeddedRegionResolver({ sellers: [{ id: 's', name: 'S' }, { id: 's', name: 'T' }], areas: [] })).toThrow('unique');
  });
});
