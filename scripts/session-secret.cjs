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

function requireSecret() {
  if (!process.env.SESSION_SECRET) {
    throw new Error(
      'SESSION_SECRET is not set. Set it to a random string of 32+ characters (a comma-separated list rotates secrets), ' +
        'or run `npm run demo`, which generates a local development secret.',
    );
  }
}

module.exports = { ensureDevSecret, requireSecret };

if (require.main === module) ensureDevSecret();
