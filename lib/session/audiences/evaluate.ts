import { alpha2Of } from '../regions/countries';
import { inPostalRange, isValidPostalCode, postalCodeKey } from '../regions/postal-code';
import type { AudienceCondition, AudienceConfig, AudienceFacts } from './types';

const AUDIENCE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const FIELDS = ['utm_source', 'utm_campaign', 'utmi_campaign', 'email', 'priceTables', 'postalCode'] as const;

/**
 * Checks audiences once, at start: a typo in store.config.ts should stop the boot,
 * not silently leave a campaign empty.
 */
export function validateAudiences(audiences: readonly AudienceConfig[]): void {
  const seen = new Set<string>();
  for (const audience of audiences) {
    const where = `Audience "${audience.id}"`;
    if (!AUDIENCE_ID.test(audience.id)) throw new Error(`${where}: ids may hold letters, digits, "_" and "-" only`);
    if (seen.has(audience.id)) throw new Error(`${where} is declared twice`);
    seen.add(audience.id);
    if (audience.match !== 'all' && audience.match !== 'any') throw new Error(`${where}: match must be "all" or "any"`);
    if (audience.conditions.length === 0) throw new Error(`${where} has no conditions`);
    for (const condition of audience.conditions) validateCondition(where, condition);
  }
}

function validateCondition(where: string, condition: AudienceCondition): void {
  if (!(FIELDS as readonly string[]).includes(condition.field)) throw new Error(`${where}: unknown field "${condition.field}"`);
  const ops: Record<AudienceCondition['field'], readonly string[]> = {
    utm_source: ['equals', 'contains'],
    utm_campaign: ['equals', 'contains'],
    utmi_campaign: ['equals', 'contains'],
    email: ['equals', 'domain'],
    priceTables: ['contains'],
    postalCode: ['inRange'],
  };
  if (!ops[condition.field].includes(condition.op)) {
    throw new Error(`${where}: ${condition.field} takes ${ops[condition.field].join(' or ')}, not "${condition.op}"`);
  }
  if (condition.field === 'postalCode') {
    const country = condition.country.toUpperCase();
    if (!alpha2Of(country)) throw new Error(`${where}: "${condition.country}" is not an ISO 3166-1 alpha-3 country`);
    for (const bound of [condition.from, condition.to]) {
      if (!isValidPostalCode(country, bound)) throw new Error(`${where}: "${bound}" is not a postal code of ${country}`);
    }
    if (postalCodeKey(condition.from) > postalCodeKey(condition.to)) throw new Error(`${where}: "${condition.from}" comes after "${condition.to}"`);
  } else if (condition.value.trim() === '') {
    throw new Error(`${where}: ${condition.field} needs a value`);
  }
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim().toLowerCase();
  return trimmed ? trimmed : undefined;
}

function holds(condition: AudienceCondition, facts: AudienceFacts): boolean {
  switch (condition.field) {
    case 'utm_source':
    case 'utm_campaign':
    case 'utmi_campaign': {
      const actual = text(facts[condition.field]);
      const wanted = text(condition.value)!;
      if (actual === undefined) return false;
      return condition.op === 'equals' ? actual === wanted : actual.includes(wanted);
    }
    case 'email': {
      const email = text(facts.email);
      if (email === undefined) return false;
      const wanted = text(condition.value)!;
      return condition.op === 'equals' ? email === wanted : email.slice(email.lastIndexOf('@') + 1) === wanted.replace(/^@/, '');
    }
    case 'priceTables':
      return facts.priceTables.includes(condition.value);
    case 'postalCode': {
      const country = condition.country.toUpperCase();
      const { postalCode } = facts;
      if (postalCode === undefined || facts.country?.toUpperCase() !== country) return false;
      return isValidPostalCode(country, postalCode) && inPostalRange(postalCode, condition.from, condition.to);
    }
  }
}

/** The ids of the audiences the facts belong to, sorted. */
export function matchAudiences(audiences: readonly AudienceConfig[], facts: AudienceFacts): string[] {
  return audiences
    .filter((audience) =>
      audience.match === 'all'
        ? audience.conditions.every((condition) => holds(condition, facts))
        : audience.conditions.some((condition) => holds(condition, facts)),
    )
    .map((audience) => audience.id)
    .sort();
}
