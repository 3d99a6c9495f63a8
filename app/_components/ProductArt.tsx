import type { ReactNode } from 'react';
import type { ArtKind, Palette } from '@/data/catalogue';

const INK = '#1f1d1a';

type Draw = (p: Palette) => ReactNode;

/* Flat illustrations on a 200 × 200 grid, so the demo ships without image files. */
const drawings: Record<ArtKind, Draw> = {
  mug: (p) => (
    <>
      <path d="M136 86c22 0 22 44 0 44" fill="none" stroke={p.main} strokeWidth="12" strokeLinecap="round" />
      <rect x="56" y="64" width="84" height="90" rx="14" fill={p.main} />
      <rect x="56" y="64" width="84" height="16" rx="8" fill={p.accent} />
      <path d="M82 48c-6-8 6-12 0-20M100 48c-6-8 6-12 0-20M118 48c-6-8 6-12 0-20" stroke={p.main} strokeWidth="4" strokeLinecap="round" fill="none" opacity=".45" />
    </>
  ),
  kettle: (p) => (
    <>
      <path d="M58 150c0-50 14-76 42-76s42 26 42 76z" fill={p.main} />
      <path d="M60 118C40 110 30 84 22 72" stroke={p.main} strokeWidth="8" strokeLinecap="round" fill="none" />
      <path d="M138 100c26 0 26 40 4 44" stroke={INK} strokeWidth="8" fill="none" strokeLinecap="round" />
      <rect x="84" y="62" width="32" height="14" rx="6" fill={p.accent} />
      <circle cx="100" cy="56" r="6" fill={INK} />
      <rect x="52" y="148" width="96" height="8" rx="4" fill={INK} />
    </>
  ),
  press: (p) => (
    <>
      <rect x="64" y="60" width="72" height="96" rx="6" fill={p.accent} opacity=".55" />
      <rect x="64" y="104" width="72" height="52" rx="6" fill={p.main} opacity=".85" />
      <path d="M136 76h14v60h-14" fill="none" stroke={INK} strokeWidth="8" strokeLinejoin="round" />
      <rect x="58" y="50" width="84" height="12" rx="4" fill={INK} />
      <rect x="96" y="30" width="8" height="22" fill={INK} />
      <circle cx="100" cy="28" r="8" fill={INK} />
      <rect x="58" y="154" width="84" height="8" rx="3" fill={INK} />
    </>
  ),
  skillet: (p) => (
    <>
      <rect x="128" y="94" width="58" height="14" rx="7" fill={p.main} transform="rotate(-8 128 100)" />
      <circle cx="84" cy="106" r="56" fill={p.main} />
      <circle cx="84" cy="106" r="44" fill="#3b3e41" />
      <circle cx="70" cy="96" r="14" fill="#fff7e6" />
      <circle cx="70" cy="96" r="6" fill={p.accent} />
      <circle cx="100" cy="118" r="10" fill={p.accent} opacity=".8" />
    </>
  ),
  board: (p) => (
    <>
      <rect x="36" y="58" width="128" height="92" rx="12" fill={p.main} />
      <rect x="46" y="68" width="108" height="72" rx="8" fill="none" stroke={p.accent} strokeWidth="3" strokeDasharray="2 6" />
      <path d="M60 88h80M60 104h80M60 120h80" stroke={p.accent} strokeWidth="2" opacity=".4" />
      <circle cx="150" cy="72" r="6" fill={p.ground} />
      <path d="M70 40l70 14" stroke="#9aa0a6" strokeWidth="8" strokeLinecap="round" />
      <path d="M52 37l20 4" stroke={INK} strokeWidth="10" strokeLinecap="round" />
    </>
  ),
  grinder: (p) => (
    <>
      <rect x="70" y="80" width="60" height="76" rx="8" fill={p.main} />
      <rect x="70" y="118" width="60" height="6" fill={p.accent} />
      <path d="M74 80l8-18h36l8 18z" fill={INK} />
      <path d="M100 58V42h44" stroke={INK} strokeWidth="6" strokeLinecap="round" fill="none" />
      <circle cx="148" cy="42" r="10" fill={p.accent} />
    </>
  ),
  blanket: (p) => (
    <>
      <path d="M40 60h120v70c-40 20-80 20-120 0z" fill={p.main} />
      <path d="M40 60h120v18H40z" fill={p.accent} />
      {[56, 76, 96, 116, 136].map((x) => (
        <path key={x} d={`M${x} 88l8 10-8 10 8 10-8 10`} stroke={p.ground} strokeWidth="3" fill="none" opacity=".7" />
      ))}
      <path d="M48 140v12M60 144v12M72 146v12M84 148v10M96 148v10M108 148v10M120 146v12M132 144v12M144 140v12" stroke={p.main} strokeWidth="3" strokeLinecap="round" />
    </>
  ),
  lamp: (p) => (
    <>
      <ellipse cx="70" cy="156" rx="34" ry="8" fill={p.accent} />
      <path d="M70 152V96c0-40 40-60 70-46" stroke={p.accent} strokeWidth="6" fill="none" strokeLinecap="round" />
      <path d="M118 52l44 10-14 30z" fill={p.main} />
      <path d="M150 88l20 40" stroke={p.main} strokeWidth="26" opacity=".25" strokeLinecap="round" />
    </>
  ),
  plant: (p) => (
    <>
      <path d="M70 122h60l-8 40H78z" fill={p.accent} />
      <rect x="66" y="116" width="68" height="12" rx="4" fill={p.accent} />
      <path d="M100 120V80" stroke={p.main} strokeWidth="5" />
      <path d="M100 84c-30-4-46-24-40-46 24 0 42 16 40 46z" fill={p.main} />
      <path d="M100 96c26-6 44-28 36-52-26 4-42 26-36 52z" fill={p.main} />
      <path d="M100 106c-20 4-40-6-46-22 18-6 40 2 46 22z" fill={p.main} opacity=".8" />
      <path d="M74 52l8 8M84 44l4 10M126 60l-8 8M120 50l-4 10" stroke={p.ground} strokeWidth="3" strokeLinecap="round" />
    </>
  ),
  backpack: (p) => (
    <>
      <path d="M80 50c0-16 40-16 40 0" stroke={INK} strokeWidth="6" fill="none" />
      <rect x="56" y="48" width="88" height="112" rx="24" fill={p.main} />
      <rect x="70" y="110" width="60" height="38" rx="8" fill={p.accent} opacity=".9" />
      <path d="M70 122h60" stroke={p.main} strokeWidth="3" />
      <rect x="56" y="48" width="88" height="22" rx="10" fill={INK} opacity=".25" />
      <rect x="94" y="74" width="12" height="26" rx="4" fill={p.accent} />
    </>
  ),
  bottle: (p) => (
    <>
      <rect x="72" y="60" width="56" height="100" rx="22" fill={p.main} />
      <rect x="84" y="40" width="32" height="22" rx="6" fill={INK} />
      <circle cx="100" cy="34" r="9" fill="none" stroke={INK} strokeWidth="5" />
      <rect x="72" y="100" width="56" height="22" fill={p.accent} />
      <rect x="82" y="70" width="6" height="70" rx="3" fill="#fff" opacity=".3" />
    </>
  ),
  jacket: (p) => (
    <>
      <path d="M70 46l30 12 30-12 32 22-14 36-12-6v62H64V98l-12 6-14-36z" fill={p.main} />
      <path d="M100 58v102" stroke={p.accent} strokeWidth="4" />
      <path d="M84 44c4 16 28 16 32 0" stroke={p.accent} strokeWidth="6" fill="none" />
      <rect x="108" y="86" width="18" height="4" rx="2" fill={p.accent} />
    </>
  ),
  sneaker: (p) => (
    <>
      <path d="M30 126c0-24 8-48 22-48 10 0 14 14 30 14 18 0 26 12 50 16 24 4 38 10 38 22v8H30z" fill={p.main} stroke="#c9c9c4" strokeWidth="3" />
      <rect x="28" y="136" width="144" height="16" rx="8" fill={p.accent} />
      <path d="M76 96l10 10M90 94l10 10M104 98l8 8" stroke={INK} strokeWidth="3" strokeLinecap="round" />
      <path d="M30 140h142" stroke="#fff" strokeWidth="3" opacity=".6" />
    </>
  ),
  notebook: (p) => (
    <>
      <rect x="58" y="40" width="88" height="120" rx="6" fill={p.main} transform="rotate(-6 100 100)" />
      <rect x="130" y="40" width="8" height="120" fill={p.accent} transform="rotate(-6 100 100)" />
      <rect x="76" y="64" width="44" height="22" rx="3" fill={p.ground} opacity=".9" transform="rotate(-6 100 100)" />
      <path d="M150 50l12 4-30 96-8 6-2-10z" fill={p.accent} />
    </>
  ),
  headphones: (p) => (
    <>
      <path d="M52 118V98a48 48 0 0196 0v20" stroke={p.main} strokeWidth="12" fill="none" strokeLinecap="round" />
      <rect x="38" y="108" width="32" height="50" rx="12" fill={p.main} />
      <rect x="130" y="108" width="32" height="50" rx="12" fill={p.main} />
      <rect x="46" y="116" width="16" height="34" rx="6" fill={p.accent} />
      <rect x="138" y="116" width="16" height="34" rx="6" fill={p.accent} />
    </>
  ),
  chair: (p) => (
    <>
      <rect x="44" y="56" width="112" height="62" rx="30" fill={p.main} />
      <rect x="40" y="104" width="120" height="34" rx="16" fill={p.main} />
      <rect x="52" y="98" width="96" height="18" rx="9" fill="#fff" opacity=".35" />
      <path d="M60 138l-8 26M140 138l8 26M84 138l-2 22M116 138l2 22" stroke={p.accent} strokeWidth="6" strokeLinecap="round" />
    </>
  ),
};

/** Without a label the drawing is decoration (a card's name already says what it is). */
export function ProductArt({ art, palette, label }: { art: ArtKind; palette: Palette; label?: string }) {
  const a11y = label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true };
  return (
    <svg className="product-art" viewBox="0 0 200 200" style={{ background: palette.ground }} {...a11y}>
      <ellipse cx="100" cy="170" rx="70" ry="8" fill={INK} opacity=".08" />
      {drawings[art](palette)}
    </svg>
  );
}
