/** What every page under app/[variant]/ receives: the signed variant code, and maybe more. */
export type VariantParams<Extra extends Record<string, string> = Record<never, never>> = {
  params: Promise<{ variant: string } & Extra>;
};
