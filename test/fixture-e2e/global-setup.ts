import { packedKit, prepareFixture, startFixture } from '../support/fixture-store';
import { FIXTURE_PORT } from '../../playwright.fixture.config';

/** The Cache Components fixture store, installed from the packed kit, initialised, built and started. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const fixture = await prepareFixture('cache-components-store', await packedKit());
  const server = await startFixture(fixture.dir, { port: FIXTURE_PORT });
  return () => server.stop();
}
