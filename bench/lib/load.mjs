/**
 * autocannon, bounded in time, with each request from another visitor of a pool
 * (their cookies rotate), and the few numbers the benchmarks report.
 */
import autocannon from 'autocannon';
import { runFigures } from './stats.mjs';
import { visitorRequests, withSetCookies } from './visitor-request.mjs';

/**
 * @param {object} o
 * @param {string} o.url  server origin
 * @param {string} o.path
 * @param {string} [o.method]
 * @param {Record<string,string>} [o.headers]  sent with every request
 * @param {string[]} [o.cookies]  one Cookie header per visitor, rotated
 * @param {(i: number) => string | undefined} [o.cookie]  or the Cookie header of request i (none when undefined)
 * @param {boolean} [o.followCookies]  each visitor of `cookies` sends what the answers to it
 *   set, as a browser does: the array is updated in place, so the visitors keep their
 *   cookies from one run to the next (a write's answer sets new tokens every time)
 * @param {(i: number) => string} [o.body]  a body per request
 * @param {number} [o.duration]  seconds, the warm-up included
 * @param {number} [o.warmup]  seconds at the start left out of the figures (runFigures in
 *   stats.mjs): autocannon opens every connection at once, and a run's start holds latencies
 *   of several hundred ms that a server under steady load never shows (a 2 s run's p99 is
 *   mostly that start)
 * @param {() => number} [o.cpu]  the server's CPU time so far, in µs (its main thread's,
 *   from /proc: thread-cpu.mjs): read when the first response after the warm-up arrives and
 *   once the run ends, it gives `cpuUs`, that CPU time per request measured
 */
export function load({ url, path, method = 'GET', headers = {}, cookies = [], cookie, followCookies = false, body, connections = 32, duration = 6, warmup = 0, cpu }) {
  if (followCookies && (cookie || cookies.length === 0)) throw new Error(`${method} ${path}: followCookies needs a pool of visitors (cookies)`);
  let n = 0;
  const requestOf = visitorRequests({ headers, cookies, cookie, body });
  // Every response: when it arrived (ms from the start) and how long it took.
  const responses = [];
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
            setupRequest(request, context) {
              const next = requestOf(n++, request.headers);
              // One request at a time per connection: its answer is to this visitor.
              context.visitor = next.visitor;
              request.headers = next.headers;
              if (next.body !== undefined) request.body = next.body;
              return request;
            },
            ...(followCookies
              ? {
                  onResponse(_status, _body, context, responseHeaders) {
                    const set = responseHeaders['set-cookie'];
                    if (set) cookies[context.visitor] = withSetCookies(cookies[context.visitor], [set].flat());
                  },
                }
              : {}),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        // Counted from the responses themselves: a short run's per-second samples would leave out its last part-second.
        const figures = runFigures(responses, warmup * 1000);
        if (!figures || figures.measured < 100) return reject(new Error(`${method} ${path}: ${figures?.measured ?? 0} responses measured in ${duration} s (${warmup} s of it warm-up)`));
        const { measured: _, ...reported } = figures;
        // The CPU of the responses counted in `requests`: those after the first one past the warm-up.
        const cpuUs = cpu && cpuAtStart !== null ? { cpuUs: (cpu() - cpuAtStart) / reported.requests } : {};
        resolve({ ...reported, ...cpuUs, answered: responses.length, errors: result.non2xx + result.errors + result.timeouts });
      },
    );
    const started = performance.now();
    let cpuAtStart = null;
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      const at = performance.now() - started;
      if (cpu && cpuAtStart === null && at >= warmup * 1000) cpuAtStart = cpu();
      responses.push({ at, latency: responseTime });
    });
  });
}
