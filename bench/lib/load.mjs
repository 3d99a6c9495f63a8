/**
 * autocannon, bounded in time, with each request from another visitor of a pool
 * (their cookies rotate), and the few numbers the benchmarks report.
 */
import autocannon from 'autocannon';

/**
 * @param {object} o
 * @param {string} o.url  server origin
 * @param {string} o.path
 * @param {string} [o.method]
 * @param {Record<string,string>} [o.headers]  sent with every request
 * @param {string[]} [o.cookies]  one Cookie header per visitor, rotated
 * @param {(i: number) => string | undefined} [o.cookie]  or the Cookie header of request i (none when undefined)
 * @param {(i: number) => string} [o.body]  a body per request
 */
export function load({ url, path, method = 'GET', headers = {}, cookies = [], cookie, body, connections = 32, duration = 6 }) {
  let n = 0;
  return new Promise((resolve, reject) => {
    autocannon(
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
      (error, result) =>
        error
          ? reject(error)
          : resolve({
              rps: result.requests.average,
              p50: result.latency.p50,
              p99: result.latency.p99,
              requests: result.requests.total,
              errors: result.non2xx + result.errors + result.timeouts,
            }),
    );
  });
}
