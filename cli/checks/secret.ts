import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MIN_SECRET_LENGTH, parseSecrets } from '../../lib/session/secrets';
import { isSessionError } from '../../lib/session/errors';
import { ok, problem, type Check } from './types';

const ENV_FILES = ['.env.development.local', '.env.local', '.env.development', '.env'];

/**
 * SESSION_SECRET as `next dev` sees it: the environment first (even empty, as Next
 * keeps it), then the .env files Next loads for development, in Next's order. Read
 * here rather than with @next/env, which skips .env.local whenever NODE_ENV is test.
 */
function findSecret(root: string): { value: string | undefined; from: string } {
  if (process.env.SESSION_SECRET !== undefined) return { value: process.env.SESSION_SECRET, from: 'the environment' };
  for (const name of ENV_FILES) {
    const full = path.join(root, name);
    if (!existsSync(full)) continue;
    const match = /^[ \t]*(?:export[ \t]+)?SESSION_SECRET[ \t]*=[ \t]*(?:"([^"]*)"|'([^']*)'|([^#\r\n]*))/m.exec(readFileSync(full, 'utf8'));
    if (match) return { value: (match[1] ?? match[2] ?? match[3] ?? '').trim(), from: name };
  }
  return { value: undefined, from: '' };
}

/** The secret, held to the engine's own rule (lib/session/secrets.ts). */
export const checkSecret: Check = ({ project }) => {
  const { value, from } = findSecret(project.root);
  try {
    const secrets = parseSecrets(value);
    return [ok(`SESSION_SECRET: ${secrets.length === 1 ? 'one secret' : `${secrets.length} secrets (rotation)`}, from ${from}`)];
  } catch (error) {
    if (!isSessionError(error)) throw error;
    if (error.code === 'missing_secret') {
      return [
        problem(
          `SESSION_SECRET is not set${from ? ` (empty in ${from})` : ''}: sessions cannot be sealed and the server refuses to start`,
          `run \`npx vtex-sessions-next init\` to write a development secret to .env.local, or set SESSION_SECRET to ${MIN_SECRET_LENGTH}+ random characters (\`openssl rand -base64 32\`); in production, set it in the host's environment`,
        ),
      ];
    }
    return [
      problem(
        `${error.message} (in ${from})`,
        `replace it with ${MIN_SECRET_LENGTH}+ random characters (\`openssl rand -base64 32\`); to rotate, list the new secret first: SESSION_SECRET=new,old`,
      ),
    ];
  }
};
