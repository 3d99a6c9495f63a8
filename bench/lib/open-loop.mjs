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
import { hundredths, quantile, seeded, tenths } from './stats.mjs';
import { visitorRequests } from './visitor-request.mjs';

const IDEMPOTENT = new Set(['GET', 'HEAD']);

/**
 * The arm of each request of an interleaved stream, in turn: every cycle of `count`
 * requests holds one of each arm, in a new seeded order (the same for a seed).
 */
export function armSchedule(count, seed) {
  const random = seeded(seed);
  const cycle = [];
  return () => {
    if (cycle.length === 0) {
      for (let i = 0; i < count; i++) cycle.push(i);
      for (let i = cycle.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [cycle[i], cycle[j]] = [cycle[j], cycle[i]];
      }
    }
    return cycle.pop();
  };
}

/**
 * Several kinds of request in one stream at a fixed rate, interleaved request by
 * request: the stream's requests go to the arms in a new seeded order every cycle of
 * one request per arm, so each arm gets `rate / arms.length` per second, spread evenly
 * over the whole run, and no arm always follows the same other. Arms on one server
 * meet the same moments of it (its garbage collections, the machine's slow seconds)
 * in the same proportion, so their latencies compare what differs between them.
 *
 * @param {object} o
 * @param {Array<{ url: string, path: string, method?: string, headers?: object, cookies?: string[], cookie?: (i: number) => string | undefined, body?: (i: number) => string }>} o.arms
 *   each arm's requests (bench/lib/visitor-request.mjs), numbered per arm
 * @param {number} o.rate  requests per second of the whole stream
 * @param {number} [o.duration]  seconds of requests, the warm-up included
 * @param {number} [o.warmup]  seconds at the start whose requests are left out of the figures
 * @param {number} [o.seed]  the arms' order (the same every run for a seed)
 * @returns {Promise<{ arms: Array<{ latencies: number[], p50: number, p99: number, errors: number, resent: number }>, lateMs: number }>}
 *   per arm, in `arms`' order (`resent`: requests sent again after the server closed
 *   their kept-alive socket); `lateMs`: the most a request went out after it was due
 */
export function interleavedLoad({ arms, rate, duration = 3, warmup = 0.5, seed = 1 }) {
  const senders = arms.map((arm) => ({ requestOf: visitorRequests(arm), target: new URL(arm.path, arm.url), method: arm.method ?? 'GET', sent: 0, latencies: [], errors: 0, resent: 0 }));
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const interval = 1000 / rate;
  const total = Math.floor(rate * duration);
  const firstMeasured = Math.ceil((warmup * 1000) / interval);
  const armOf = armSchedule(senders.length, seed);
  let settled = 0;
  let lateMs = 0;
  return new Promise((resolve) => {
    const start = performance.now();
    const done = () => {
      if (++settled < total) return;
      agent.destroy();
      resolve({
        arms: senders.map(({ latencies, errors, resent }) => {
          latencies.sort((a, b) => a - b);
          const at = (q) => hundredths(quantile(latencies, q));
          return { latencies, p50: at(0.5), p99: at(0.99), errors, resent };
        }),
        lateMs: tenths(lateMs),
      });
    };
    const fire = (n) => {
      const due = start + n * interval;
      lateMs = Math.max(lateMs, performance.now() - due);
      const sender = senders[armOf()];
      const { headers: sent, body: payload } = sender.requestOf(sender.sent++);
      // Once per request: a response cut off midway reports on the response only (its
      // 'error'; its 'end' never comes), a failure before any response on the request.
      const end = (latency) => {
        if (latency === null) sender.errors++;
        else if (n >= firstMeasured) sender.latencies.push(latency);
        done();
      };
      const send = () => {
        const req = httpRequest(sender.target, { method: sender.method, headers: sent, agent }, (res) => {
          res.resume();
          res.on('end', () => end(res.statusCode === 200 ? performance.now() - due : null));
          res.on('error', () => end(null));
        });
        req.on('error', (error) => {
          // A kept-alive socket the server closed as this request went out on it (it
          // closes sockets idle for 5 s, and a pause leaves many idle): a browser sends
          // an idempotent request again on a new socket (RFC 9112, 9.3.1), and so does
          // this, still counting from when it was due. Not a failure of the server. Each
          // time one idle socket fewer is left, and a new socket cannot meet this.
          if (req.reusedSocket && error.code === 'ECONNRESET' && IDEMPOTENT.has(sender.method)) {
            sender.resent++;
            return send();
          }
          end(null);
        });
        req.end(payload);
      };
      send();
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
