/**
 * The demo store's catalogue. Prices are integers in minor units (cents) so that
 * nothing is lost to floating point before Intl formats them.
 */

export type PriceTableId = 'public' | 'b2b-gold';
export type CurrencyCode = 'BRL' | 'USD';

export type CategoryId = 'kitchen' | 'home' | 'outdoors' | 'workspace';

export interface Category {
  id: CategoryId;
  name: string;
  blurb: string;
}

/** The shapes ProductArt can draw; each product picks one and a palette. */
export type ArtKind =
  | 'mug'
  | 'kettle'
  | 'press'
  | 'skillet'
  | 'board'
  | 'grinder'
  | 'blanket'
  | 'lamp'
  | 'plant'
  | 'backpack'
  | 'bottle'
  | 'jacket'
  | 'sneaker'
  | 'notebook'
  | 'headphones'
  | 'chair';

export interface Palette {
  /** Card background. */
  ground: string;
  main: string;
  accent: string;
}

export interface Product {
  slug: string;
  sku: string;
  name: string;
  category: CategoryId;
  summary: string;
  details: string[];
  art: ArtKind;
  palette: Palette;
  /** Per currency, per price table. A table a product lacks falls back to `public`. */
  prices: Record<CurrencyCode, Partial<Record<PriceTableId, number>> & { public: number }>;
  /** Ids of the sellers that carry it (see data/regions.json). */
  sellers: string[];
}

export const categories: Category[] = [
  { id: 'kitchen', name: 'Kitchen', blurb: 'Tools for slow mornings and long dinners.' },
  { id: 'home', name: 'Living', blurb: 'Soft light, warm wool and something green.' },
  { id: 'outdoors', name: 'Outdoors', blurb: 'Kit that shrugs off rain and rough trails.' },
  { id: 'workspace', name: 'Workspace', blurb: 'A desk you want to sit at.' },
];

export const products: Product[] = [
  {
    slug: 'stoneware-mug',
    sku: 'KT-1001',
    name: 'Stoneware Mug 350 ml',
    category: 'kitchen',
    summary: 'Hand-glazed stoneware with a thumb rest that fits every grip.',
    details: ['350 ml', 'Dishwasher and microwave safe', 'Glaze varies slightly from mug to mug'],
    art: 'mug',
    palette: { ground: '#f4ede4', main: '#c8553d', accent: '#f2d0a4' },
    prices: { BRL: { public: 8990, 'b2b-gold': 6490 }, USD: { public: 1800, 'b2b-gold': 1290 } },
    sellers: ['1', 'us-1'],
  },
  {
    slug: 'gooseneck-kettle',
    sku: 'KT-1002',
    name: 'Gooseneck Pour-Over Kettle',
    category: 'kitchen',
    summary: 'A slow, steady pour for filter coffee, with a built-in thermometer.',
    details: ['1 litre', 'Stainless steel, works on induction', 'Thermometer in the lid'],
    art: 'kettle',
    palette: { ground: '#e8eef0', main: '#2f3e46', accent: '#cad2c5' },
    prices: { BRL: { public: 34900, 'b2b-gold': 27900 }, USD: { public: 6900, 'b2b-gold': 5400 } },
    sellers: ['1', 'us-1', 'nyc-uptown'],
  },
  {
    slug: 'french-press',
    sku: 'KT-1003',
    name: 'Glass French Press 800 ml',
    category: 'kitchen',
    summary: 'Borosilicate glass and a four-layer mesh filter for a clean cup.',
    details: ['800 ml, four cups', 'Borosilicate glass', 'Spare filters included'],
    art: 'press',
    palette: { ground: '#efe9f4', main: '#3a2e39', accent: '#b5a8c9' },
    prices: { BRL: { public: 18990, 'b2b-gold': 14990 }, USD: { public: 3900, 'b2b-gold': 2900 } },
    sellers: ['sp-centro', 'sp-sul'],
  },
  {
    slug: 'cast-iron-skillet',
    sku: 'KT-1004',
    name: 'Cast Iron Skillet 26 cm',
    category: 'kitchen',
    summary: 'Pre-seasoned and nearly indestructible; gets better every time you cook.',
    details: ['26 cm', 'Pre-seasoned with flaxseed oil', 'Oven safe to 260 °C'],
    art: 'skillet',
    palette: { ground: '#ece7e1', main: '#2b2d2f', accent: '#d98b5f' },
    prices: { BRL: { public: 27900, 'b2b-gold': 21900 }, USD: { public: 5500, 'b2b-gold': 4200 } },
    sellers: ['1', 'sp-sul', 'nyc-downtown'],
  },
  {
    slug: 'oak-cutting-board',
    sku: 'KT-1005',
    name: 'End-Grain Oak Cutting Board',
    category: 'kitchen',
    summary: 'End-grain oak that is kind to knives, finished with food-safe oil.',
    details: ['40 × 28 cm', 'FSC-certified oak', 'Juice groove on one side'],
    art: 'board',
    palette: { ground: '#f3efe6', main: '#b07d48', accent: '#7a5230' },
    prices: { BRL: { public: 22900, 'b2b-gold': 17900 }, USD: { public: 4800, 'b2b-gold': 3600 } },
    sellers: ['sp-centro', 'sp-express'],
  },
  {
    slug: 'burr-grinder',
    sku: 'KT-1006',
    name: 'Hand Burr Coffee Grinder',
    category: 'kitchen',
    summary: 'Conical steel burrs with 40 click settings, from espresso to cold brew.',
    details: ['Stainless conical burrs', '40 grind settings', 'Holds 30 g of beans'],
    art: 'grinder',
    palette: { ground: '#eef0ea', main: '#5c6b54', accent: '#d4a373' },
    prices: { BRL: { public: 41900, 'b2b-gold': 33500 }, USD: { public: 8900, 'b2b-gold': 6900 } },
    sellers: ['nyc-uptown', 'nyc-downtown'],
  },
  {
    slug: 'wool-throw',
    sku: 'HM-2001',
    name: 'Merino Wool Throw',
    category: 'home',
    summary: 'A heavy, soft merino throw woven in a wide herringbone.',
    details: ['130 × 170 cm', '100% merino wool', 'Dry clean or hand wash cold'],
    art: 'blanket',
    palette: { ground: '#f1ece6', main: '#8e9aaf', accent: '#e0c3a0' },
    prices: { BRL: { public: 59900, 'b2b-gold': 47900 }, USD: { public: 12900, 'b2b-gold': 9900 } },
    sellers: ['1', 'sp-sul', 'us-1'],
  },
  {
    slug: 'arc-table-lamp',
    sku: 'HM-2002',
    name: 'Arc Table Lamp',
    category: 'home',
    summary: 'A warm, dimmable light on a powder-coated arc that reaches over a book.',
    details: ['Dimmable LED, 2700 K', 'Powder-coated steel', '1.8 m fabric cable'],
    art: 'lamp',
    palette: { ground: '#f6f1e3', main: '#e9c46a', accent: '#264653' },
    prices: { BRL: { public: 38900, 'b2b-gold': 31900 }, USD: { public: 7900, 'b2b-gold': 6200 } },
    sellers: ['sp-centro', 'nyc-downtown'],
  },
  {
    slug: 'potted-monstera',
    sku: 'HM-2003',
    name: 'Monstera in Clay Pot',
    category: 'home',
    summary: 'A young Monstera deliciosa, potted in terracotta and ready to climb.',
    details: ['About 60 cm tall', 'Terracotta pot, 18 cm', 'Bright, indirect light'],
    art: 'plant',
    palette: { ground: '#eaf2e3', main: '#2d6a4f', accent: '#d08c60' },
    prices: { BRL: { public: 14900, 'b2b-gold': 11900 }, USD: { public: 3400, 'b2b-gold': 2700 } },
    sellers: ['sp-sul'],
  },
  {
    slug: 'lounge-chair',
    sku: 'HM-2004',
    name: 'Lounge Chair in Bouclé',
    category: 'home',
    summary: 'A low, deep chair in bouclé on a solid ash frame.',
    details: ['Solid ash frame', 'Removable bouclé cover', 'Ships flat, assembles in 10 minutes'],
    art: 'chair',
    palette: { ground: '#f2efe9', main: '#d9cbb8', accent: '#6b4f3a' },
    prices: { BRL: { public: 219900, 'b2b-gold': 174900 }, USD: { public: 44900, 'b2b-gold': 35900 } },
    sellers: ['1', 'us-1'],
  },
  {
    slug: 'trail-backpack',
    sku: 'OD-3001',
    name: 'Trail Backpack 28 L',
    category: 'outdoors',
    summary: 'A roll-top daypack in recycled ripstop, with a padded laptop sleeve.',
    details: ['28 litres', 'Recycled 420D ripstop', 'Fits a 16-inch laptop'],
    art: 'backpack',
    palette: { ground: '#e9efe6', main: '#386641', accent: '#f2e8cf' },
    prices: { BRL: { public: 49900, 'b2b-gold': 39900 }, USD: { public: 11900, 'b2b-gold': 8900 } },
    sellers: ['1', 'sp-centro', 'sp-sul', 'us-1', 'nyc-downtown'],
  },
  {
    slug: 'insulated-bottle',
    sku: 'OD-3002',
    name: 'Insulated Bottle 750 ml',
    category: 'outdoors',
    summary: 'Keeps water cold for a day and coffee hot through the morning.',
    details: ['750 ml', 'Double-wall vacuum steel', 'Leak-proof loop cap'],
    art: 'bottle',
    palette: { ground: '#e6f0f3', main: '#3d5a80', accent: '#ee6c4d' },
    prices: { BRL: { public: 15900, 'b2b-gold': 12400 }, USD: { public: 3200, 'b2b-gold': 2400 } },
    sellers: ['1', 'sp-express', 'us-1', 'nyc-downtown'],
  },
  {
    slug: 'packable-rain-jacket',
    sku: 'OD-3003',
    name: 'Packable Rain Jacket',
    category: 'outdoors',
    summary: 'A 2.5-layer shell that packs into its own pocket.',
    details: ['Waterproof to 10,000 mm', 'Pit zips for airflow', 'Packs into its chest pocket'],
    art: 'jacket',
    palette: { ground: '#fdf1e7', main: '#f4a261', accent: '#264653' },
    prices: { BRL: { public: 44900, 'b2b-gold': 35900 }, USD: { public: 9900, 'b2b-gold': 7900 } },
    sellers: ['nyc-downtown'],
  },
  {
    slug: 'canvas-sneaker',
    sku: 'OD-3004',
    name: 'Canvas Sneaker',
    category: 'outdoors',
    summary: 'Organic cotton canvas on a natural rubber sole.',
    details: ['Organic cotton canvas', 'Natural rubber sole', 'Half sizes 35 to 46'],
    art: 'sneaker',
    palette: { ground: '#f3f3f0', main: '#f8f9fa', accent: '#e63946' },
    prices: { BRL: { public: 32900, 'b2b-gold': 25900 }, USD: { public: 6500, 'b2b-gold': 4900 } },
    sellers: ['sp-sul', 'nyc-uptown'],
  },
  {
    slug: 'dot-grid-notebook',
    sku: 'WS-4001',
    name: 'Dot-Grid Notebook A5',
    category: 'workspace',
    summary: '192 pages of 100 g paper that takes fountain pen without bleeding.',
    details: ['A5, 192 pages', '100 g/m² acid-free paper', 'Lay-flat binding'],
    art: 'notebook',
    palette: { ground: '#f7f3ea', main: '#1d3557', accent: '#f1c453' },
    prices: { BRL: { public: 6990, 'b2b-gold': 4990 }, USD: { public: 1600, 'b2b-gold': 1100 } },
    sellers: ['1', 'sp-centro', 'sp-sul', 'sp-express', 'us-1', 'nyc-downtown', 'nyc-uptown'],
  },
  {
    slug: 'studio-headphones',
    sku: 'WS-4002',
    name: 'Studio Headphones',
    category: 'workspace',
    summary: 'Closed-back, flat-response headphones with a detachable cable.',
    details: ['40 mm drivers', 'Closed back, 32 Ω', 'Detachable 3 m cable'],
    art: 'headphones',
    palette: { ground: '#ecebf3', main: '#22223b', accent: '#9a8c98' },
    prices: { BRL: { public: 89900, 'b2b-gold': 71900 }, USD: { public: 17900, 'b2b-gold': 13900 } },
    sellers: ['us-1', 'nyc-uptown'],
  },
];

export function productBySlug(slug: string): Product | undefined {
  return products.find((product) => product.slug === slug);
}

export function categoryById(id: string): Category | undefined {
  return categories.find((category) => category.id === id);
}

export function productsIn(category: CategoryId): Product[] {
  return products.filter((product) => product.category === category);
}
