/**
 * autocannon, bounded in time, with each request from another visitor of a pool
 * (their cookies rotate), and the few numbers the benchmarks report.
 */
import autocannon from 'autocannon';
import { tenths } from './stats.mjs';

/**
 * @param {object} o
 * @param {string} o.url  server origin
 * @param {string} o.path
 * @param {string} [o.method]
 * @param {Record<string,string>} [o.headers]  sent with every request
 * @param {string[]} [o.cookies]  one Cookie header per visitor, rotated
 * @param {(i: number) => string | undefined} [o.cookie]  or the Cookie header of request i (none when undefined)
 * @param {(i: number) => string} [o.body]  a body per request
 * @param {number} [o.duration]  seconds, the warm-up included
 * @param {number} [o.warmup]  seconds at the start left out of the figures: autocannon opens
 *   every connection at once, and a run's first fraction of a second holds latencies of
 *   several hundred ms that a server under steady load never shows (a 2 s run's p99 is
 *   mostly that start)
 */
export function load({ url, path, method = 'GET', headers = {}, cookies = [], cookie, body, connections = 32, duration = 6, warmup = 0 }) {
  let n = 0;
  // Latencies (ms) of the responses after the warm-up, and when it ended.
  const latencies = [];
  let measuredFrom = Infinity;
  let last = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration,
        requests: [
          {
            method,
            path,
            setupRequest(request) {
              const i = n++;
              request.headers = { ...request.headers, ...headers };
              if (cookie) {
                const value = cookie(i);
                if (value === undefined) delete request.headers.cookie;
                else request.headers.cookie = value;
              } else if (cookies.length > 0) request.headers.cookie = cookies[i % cookies.length];
              if (body) {
                request.headers['content-type'] = 'application/json';
                request.body = body(i);
              }
              return request;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        if (latencies.length < 100) return reject(new Error(`${method} ${path}: ${latencies.length} responses measured in ${duration} s (${warmup} s of it warm-up)`));
        // From the first response measured to the last: a short run's per-second samples would leave out its last part-second.
        const seconds = (last - measuredFrom) / 1000;
        latencies.sort((a, b) => a - b);
        const at = (q) => tenths(latencies[Math.floor(q * latencies.length)]);
        resolve({ rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), requests: latencies.length, errors: result.non2xx + result.errors + result.timeouts });
      },
    );
    const started = performance.now();
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      const now = performance.now();
      if (now - started < warmup * 1000) return;
      if (measuredFrom === Infinity) measuredFrom = now;
      else {
        latencies.push(responseTime);
        last = now;
      }
    });
  });
}
