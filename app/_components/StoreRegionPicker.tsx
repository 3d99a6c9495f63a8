import { RegionPicker, type RegionPickerPart } from '@/components/RegionPicker';

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

/** The kit's picker in the store's clothes. */
export function StoreRegionPicker() {
  return <RegionPicker className="region-picker" classNames={classNames} />;
}
