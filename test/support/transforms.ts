import type { Transform } from '@/lib/session/transforms/types';

/** `public.n` -> `checkout.double` (twice it); nothing when `n` is absent. Answers at once. */
export const double: Transform = {
  name: 'double',
  inputs: ['public.n'],
  outputs: ['checkout.double'],
  run: (inputs) => (inputs['public.n'] ? { checkout: { double: String(Number(inputs['public.n']) * 2) } } : {}),
};
