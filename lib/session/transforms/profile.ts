import type { Customer, CustomerDirectory } from '../customers/types';
import type { Transform, TransformOutput } from './types';

/**
 * Who is shopping: the impersonated customer when an operator impersonates one,
 * else the signed-in user -> `profile.*` from the customer directory. A visitor
 * (or a user the directory no longer knows) has `isAuthenticated: "false"` and
 * nothing else, so price tables never outlive the account that granted them.
 */
export function profileTransform(directory: CustomerDirectory): Transform {
  return {
    name: 'profile',
    inputs: ['authentication.storeUserId', 'impersonate.storeUserId'],
    outputs: ['profile'],
    runOnCreate: true,
    io: directory.io,
    run(inputs) {
      const id = inputs['impersonate.storeUserId'] ?? inputs['authentication.storeUserId'];
      // A visitor is answered at once: nothing to look up, so a new session (every
      // first visit's template) is minted without a promise.
      if (id === undefined) return visitor();
      return directory.findById(id).then((customer) => (customer ? { profile: profileOf(customer) } : visitor()));
    },
  };
}

function visitor(): TransformOutput {
  return { profile: { isAuthenticated: 'false' } };
}

function profileOf(customer: Customer): NonNullable<TransformOutput['profile']> {
  const profile: NonNullable<TransformOutput['profile']> = {
    isAuthenticated: 'true',
    id: customer.id,
    email: customer.email,
  };
  if (customer.firstName) profile.firstName = customer.firstName;
  if (customer.lastName) profile.lastName = customer.lastName;
  if (customer.priceTables.length > 0) profile.priceTables = customer.priceTables.join(',');
  return profile;
}
