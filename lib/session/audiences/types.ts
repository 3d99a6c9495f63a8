/** One test on a session fact. Text comparisons ignore case (UTMs and emails are typed inconsistently). */
export type AudienceCondition =
  | { field: 'utm_source' | 'utm_campaign' | 'utmi_campaign'; op: 'equals' | 'contains'; value: string }
  /** `domain` matches the part after "@" exactly ("b2b.example", not its subdomains). */
  | { field: 'email'; op: 'equals' | 'domain'; value: string }
  /** The profile holds this price table. */
  | { field: 'priceTables'; op: 'contains'; value: string }
  /** The shopper's postal code, in `country` (alpha-3), lies in [from, to]. */
  | { field: 'postalCode'; op: 'inRange'; country: string; from: string; to: string };

/** A Campaign Audience: VTEX's "rnb" campaigns that promotions and prices target. */
export interface AudienceConfig {
  /** Letters, digits, "_" and "-": ids are joined by "," in `rnb.campaigns`. */
  id: string;
  /** `all`: every condition holds; `any`: at least one does. */
  match: 'all' | 'any';
  conditions: readonly AudienceCondition[];
}

/** The session facts audiences are judged on; absent facts match nothing. */
export interface AudienceFacts {
  utm_source?: string;
  utm_campaign?: string;
  utmi_campaign?: string;
  email?: string;
  priceTables: readonly string[];
  /** Alpha-3. */
  country?: string;
  postalCode?: string;
}
