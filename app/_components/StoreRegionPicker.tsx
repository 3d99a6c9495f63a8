'use client';
import { RegionPicker, type RegionPickerPart, type RegionPickerProps } from 'vtex-sessions-next/components';
import { useStorePath } from './client/useStorePath';

const classNames: Partial<Record<RegionPickerPart, string>> = {
  status: 'region-picker__status',
  change: 'button button--small button--ghost',
  form: 'region-picker__form',
  fieldset: 'region-picker__fieldset',
  legend: 'region-picker__legend',
  field: 'region-picker__field',
  label: 'region-picker__label',
  select: 'region-picker__select',
  input: 'region-picker__input',
  error: 'region-picker__error',
  submit: 'button button--small region-picker__submit',
};

/** Where the no-JS form route shows what a cached page cannot (lib/next/form-route.ts). */
export const REGION_PAGE = '/region';

type Props = Pick<RegionPickerProps, 'errorCode' | 'submitted' | 'redirectTo'> & {
  /** The header's picker steps aside on the region page, which shows its own. */
  inHeader?: boolean;
};

/**
 * The kit's picker in the store's clothes. The no-JS form returns to the page it is
 * on: its path is known while the page renders on the server (the variant code
 * taken off), so the form does not depend on the browser sending a Referer.
 */
export function StoreRegionPicker({ inHeader = false, redirectTo, ...props }: Props) {
  const path = useStorePath();
  if (inHeader && path === REGION_PAGE) return null;
  return <RegionPicker className="region-picker" classNames={classNames} redirectTo={redirectTo ?? path} {...props} />;
}
