'use client';
/** `vtex-sessions-next/components`: ready-made UI on top of the React kit. */
export {
  RegionPicker,
  DEFAULT_REGION_TEXTS,
  DEFAULT_REGION_COUNTRIES,
  type RegionCountry,
  type RegionPickerPart,
  type RegionPickerProps,
  type RegionPickerTexts,
} from './RegionPicker';
