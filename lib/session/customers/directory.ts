import { z } from 'zod';
import { hashPassword, verifyPassword } from './password';
import type { Customer, CustomerDirectory } from './types';

const recordSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  email: z.email(),
  /** From `hashPassword`; never a plain password. */
  passwordHash: z.string().startsWith('pbkdf2-sha256$'),
  firstName: z.string().max(100).optional(),
  lastName: z.string().max(100).optional(),
  priceTables: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).default([]),
  canImpersonate: z.boolean().default(false),
});

export type CustomerRecord = z.input<typeof recordSchema>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A directory held in memory, from records such as `data/customers.json`. Checked
 * at start, so a bad file fails at boot rather than on someone's sign-in.
 */
export function staticCustomerDirectory(records: readonly CustomerRecord[]): CustomerDirectory {
  const byId = new Map<string, Customer>();
  const byEmail = new Map<string, { customer: Customer; passwordHash: string }>();
  records.forEach((raw, index) => {
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`Customer ${index}: ${issue.path.join('.') || 'record'}: ${issue.message}`);
    }
    const { passwordHash, ...record } = parsed.data;
    const customer: Customer = Object.freeze({ ...record, email: normalizeEmail(record.email), priceTables: Object.freeze([...record.priceTables]) });
    if (byId.has(customer.id)) throw new Error(`Customer ${index}: id "${customer.id}" is used twice`);
    if (byEmail.has(customer.email)) throw new Error(`Customer ${index}: email "${customer.email}" is used twice`);
    byId.set(customer.id, customer);
    byEmail.set(customer.email, { customer, passwordHash });
  });

  // Unknown emails still pay for one key derivation, so timing does not reveal who has an account.
  let decoy: Promise<string> | null = null;

  return {
    io: false,
    async findById(id) {
      return byId.get(id) ?? null;
    },
    async findByEmail(email) {
      return byEmail.get(normalizeEmail(email))?.customer ?? null;
    },
    async verifyCredentials(email, password) {
      const entry = byEmail.get(normalizeEmail(email));
      if (!entry) {
        decoy ??= hashPassword('decoy password');
        await verifyPassword(password, await decoy);
        return null;
      }
      return (await verifyPassword(password, entry.passwordHash)) ? entry.customer : null;
    },
  };
}
