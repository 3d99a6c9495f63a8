import { buildOnce } from './next-server';

/** One production build for every HTTP test file. */
export default function setup() {
  if (process.env.SKIP_NEXT_BUILD !== '1') buildOnce();
}
