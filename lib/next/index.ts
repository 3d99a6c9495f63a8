export * from './kit';
export * from './cookies';
export * from './errors';
export * from './origin';
export * from './body';
export * from './respond';
export * from './env';
export { createSessionsRoute, sessionBody } from './sessions-route';
export { createSegmentsRoute, createSegmentTokenRoute } from './segments-route';
