import { SessionError } from '../errors';
import type { Customer, CustomerDirectory } from '../customers/types';
import type { Transform, TransformOutput } from './types';

/** The `public` key an operator sets (VTEX's name) to shop as a customer; "" ends it. */
export const IMPERSONATION_KEY = 'vtex-impersonated-customer-email';
const INPUT = `public.${IMPERSONATION_KEY}` as const;

/**
 * Call-centre impersonation: a signed-in operator names a customer by email and
 * `impersonate.storeUserId`/`storeUserEmail` point at them (the profile transform
 * then becomes that customer). The key is ignored for anyone who may not
 * impersonate, so a shopper cannot borrow someone else's price tables.
 */
export function impersonateTransform(directory: CustomerDirectory): Transform {
  return {
    name: 'impersonate',
    inputs: [INPUT, 'authentication.storeUserId'],
    outputs: ['impersonate'],
    runOnCreate: true,
    io: directory.io,
    run(inputs, context) {
      const operatorId = inputs['authentication.storeUserId'];
      // Nobody signed in (every new session): answered at once, no lookup, no promise.
      if (operatorId === undefined) return cannotImpersonate();
      const asked = context.requestChanged.has(INPUT);
      return directory.findById(operatorId).then((operator) => (operator?.canImpersonate ? asOperator(operator, inputs[INPUT], asked) : cannotImpersonate()));
    },
  };

  /** An operator who may impersonate: whom they name, if the directory knows that customer. */
  async function asOperator(operator: Customer, email: string | undefined, asked: boolean): Promise<TransformOutput> {
    const idle: TransformOutput = { impersonate: { canImpersonate: 'true' } };
    if (email === undefined) return idle;
    // Only the write that names the customer hears about a bad name; later writes just do not impersonate.
    const customer = await directory.findByEmail(email);
    if (!customer) {
      if (asked) throw new SessionError(404, 'customer_not_found', `No customer has the email "${email.slice(0, 100)}"`);
      return idle;
    }
    if (customer.canImpersonate || customer.id === operator.id) {
      if (asked) throw new SessionError(403, 'impersonation_forbidden', 'Operators may impersonate customers, not other operators or themselves');
      return idle;
    }
    return { impersonate: { canImpersonate: 'true', storeUserId: customer.id, storeUserEmail: customer.email } };
  }
}

function cannotImpersonate(): TransformOutput {
  return { impersonate: { canImpersonate: 'false' } };
}
