import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRegionsApi {
  url: string;
  /** Every request's path and query, in order. */
  requests: string[];
  /** Replace the handler (to fail, stall or answer oddly). */
  handle: (request: IncomingMessage, response: ServerResponse, url: URL) => void;
  close(): Promise<void>;
}

/**
 * A VTEX-style regions API on a local port: the same sellers as data/regions.json,
 * but only "02000-000".."02999-999" and "10001".."10099" are served, so tests can
 * tell it apart from the embedded dataset.
 */
export async function startFakeRegionsApi(): Promise<FakeRegionsApi> {
  const api: FakeRegionsApi = {
    url: '',
    requests: [],
    handle: defaultHandler,
    close: async () => {},
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    api.requests.push(`${url.pathname}${url.search}`);
    api.handle(request, response, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}

export function defaultHandler(_request: IncomingMessage, response: ServerResponse, url: URL): void {
  if (url.pathname !== '/api/checkout/pub/regions') {
    response.writeHead(404).end();
    return;
  }
  const country = url.searchParams.get('country');
  const digits = (url.searchParams.get('postalCode') ?? '').replace(/\D/g, '');
  let sellers: { id: string; name: string }[] = [];
  if (country === 'BRA' && digits >= '02000000' && digits <= '02999999') sellers = [{ id: 'remote-sp', name: 'Remote SP Seller' }];
  if (country === 'USA' && digits.slice(0, 5) >= '10001' && digits.slice(0, 5) <= '10099') sellers = [{ id: 'remote-ny', name: 'Remote NY Seller' }];
  const body = sellers.length > 0 ? [{ id: btoa(`SW#${sellers.map((s) => s.id).join(';')}`), sellers }] : [];
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
