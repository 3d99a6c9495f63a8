// Development secret handling, shared by next.config.js and `npm run demo`.
// A local demo gets a generated secret in .env.local; a production server with
// no SESSION_SECRET refuses to start rather than sealing sessions with a guess.
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ENV_FILE = path.join(__dirname, '..', '.env.local');

function readEnvFileSecret() {
  if (!fs.existsSync(ENV_FILE)) return undefined;
  const match = fs.readFileSync(ENV_FILE, 'utf8').match(/^SESSION_SECRET=(.+)$/m);
  return match ? match[1].trim() : undefined;
}

/** Makes sure a secret exists for local use: the environment's, .env.local's, or a new one written there. */
function ensureDevSecret() {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  let secret = readEnvFileSecret();
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    fs.appendFileSync(
      ENV_FILE,
      `\n# Generated for local development by scripts/session-secret.cjs. Never use it in production.\nSESSION_SECRET=${secret}\n`,
    );
    console.log('[sessions] generated a local development SESSION_SECRET in .env.local');
  }
  process.env.SESSION_SECRET = secret;
  return secret;
}

/** As lib/session/secrets.ts MIN_SECRET_LENGTH: the server refuses what the engine would refuse. */
const MIN_SECRET_LENGTH = 32;

/**
 * What is wrong with a SESSION_SECRET value, or null. Every entry of the comma list
 * is checked: a rotation list with one weak or empty entry would still unseal with
 * it. The message says where and what, never the secret itself.
 */
function secretProblem(raw) {
  if (raw === undefined || raw.trim() === '') return 'SESSION_SECRET is not set.';
  const entries = raw.split(',').map((entry) => entry.trim());
  const count = entries.length;
  for (const [index, entry] of entries.entries()) {
    const which = count === 1 ? 'SESSION_SECRET' : `SESSION_SECRET entry ${index + 1} of ${count}`;
    if (entry === '') return `${which} is empty (check for a stray comma).`;
    if (entry.length < MIN_SECRET_LENGTH) {
      return `${which} is ${entry.length} characters long; each secret needs at least ${MIN_SECRET_LENGTH}.`;
    }
  }
  return null;
}

/** For `next start`: refuses to run with a missing, empty or short secret rather than seal sessions with it. */
function requireSecret() {
  const problem = secretProblem(process.env.SESSION_SECRET);
  if (problem) {
    throw new Error(
      `${problem} Set SESSION_SECRET to a random string of ${MIN_SECRET_LENGTH}+ characters (a comma-separated list rotates secrets: ` +
        'the first seals, all unseal), or run `npm run demo`, which generates a local development secret.',
    );
  }
}

module.exports = { ensureDevSecret, requireSecret, secretProblem, MIN_SECRET_LENGTH };

if (require.main === module) ensureDevSecret();
