/**
 * Requests at a fixed rate whatever the server answers (an open loop, as wrk2 does),
 * each latency counted from when the request was due, not from when it went out.
 *
 * Why not autocannon: its connections each wait for an answer before sending again (a
 * closed loop), so a run at saturation reads the server's throughput back as latency
 * (Little's law: 32 connections over 470 req/s is 68 ms whatever a request costs), and
 * its `overallRate` only caps each connection's requests per second, sent back to back
 * at the start of each second. Here a request that finds every socket busy opens
 * another, and one the client sends late still counts from when it was due, so a slow
 * server cannot hide its delay by slowing the load down (coordinated omission).
 */
import { Agent, request as httpRequest } from 'node:http';
import { hundredths, quantile, tenths } from './stats.mjs';
import { visitorRequests } from './visitor-request.mjs';

/**
 * @param {object} o
 * @param {string} o.url  server origin
 * @param {string} o.path
 * @param {string} [o.method]
 * @param {number} o.rate  requests per second, evenly spaced
 * @param {number} [o.duration]  seconds of requests, the warm-up included
 * @param {number} [o.warmup]  seconds at the start whose requests are left out of the figures
 * @returns {Promise<{ latencies: number[], p50: number, p99: number, errors: number, lateMs: number }>}
 *   `latencies`: ms of every request due after the warm-up, ascending; `lateMs`: the
 *   most a request went out after it was due (the load generator's own lag)
 */
export function openLoad({ url, path, method = 'GET', headers, cookies, cookie, body, rate, duration = 3, warmup = 0.5 }) {
  const requestOf = visitorRequests({ headers, cookies, cookie, body });
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const target = new URL(path, url);
  const interval = 1000 / rate;
  const total = Math.floor(rate * duration);
  const firstMeasured = Math.ceil((warmup * 1000) / interval);
  const latencies = [];
  let errors = 0;
  let settled = 0;
  let lateMs = 0;
  return new Promise((resolve) => {
    const start = performance.now();
    const done = () => {
      if (++settled < total) return;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const at = (q) => hundredths(quantile(latencies, q));
      resolve({ latencies, p50: at(0.5), p99: at(0.99), errors, lateMs: tenths(lateMs) });
    };
    const fire = (i) => {
      const due = start + i * interval;
      lateMs = Math.max(lateMs, performance.now() - due);
      const { headers: sent, body: payload } = requestOf(i);
      // Once per request: a response cut off midway reports on the response only (its
      // 'error'; its 'end' never comes), a failure before any response on the request.
      const end = (latency) => {
        if (latency === null) errors++;
        else if (i >= firstMeasured) latencies.push(latency);
        done();
      };
      const req = httpRequest(target, { method, headers: sent, agent }, (res) => {
        res.resume();
        res.on('end', () => end(res.statusCode === 200 ? performance.now() - due : null));
        res.on('error', () => end(null));
      });
      req.on('error', () => end(null));
      req.end(payload);
    };
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) fire(next++);
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
}
