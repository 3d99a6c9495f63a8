import { BASE_PATH_EFFECTS } from '../../lib/config/with-session-kit';
import { setsBasePath } from '../next-config';
import { withoutComments } from '../source';
import { problem, type Check } from './types';

/** A store served under a base path, which the kit does not support yet. */
export const checkBasePath: Check = ({ project, read }) => {
  if (!project.nextConfig || !setsBasePath(withoutComments(read(project.nextConfig)))) return [];
  return [problem(`${project.nextConfig} sets basePath: ${BASE_PATH_EFFECTS}`, 'serve the store at the root of its host (its own host name, or a rewrite at your CDN) and remove basePath')];
};
