/** A customer as the session sees one: never the password hash. */
export interface Customer {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  /** Price tables the customer buys with (VTEX: from their profile or B2B contract). */
  priceTables: readonly string[];
  /** Call-centre operators may shop as another customer. */
  canImpersonate: boolean;
}

/**
 * Who the store's customers are. The store plugs in its own (a database, an identity
 * provider); the demo ships a JSON file. Lookups by email ignore case.
 */
export interface CustomerDirectory {
  /** True when lookups wait on the network: the middleware then skips the transforms that use it. */
  readonly io: boolean;
  findById(id: string): Promise<Customer | null>;
  findByEmail(email: string): Promise<Customer | null>;
  /** The customer whose email and password these are, or null. */
  verifyCredentials(email: string, password: string): Promise<Customer | null>;
}
