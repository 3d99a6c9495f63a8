/**
 * 5. Client cost: the kit's client code (lib/react: SessionProvider, hooks, segment
 * cookie, tab sync; components/RegionPicker) as a production bundle would ship it:
 * rolldown, minified, process.env.NODE_ENV "production", with React, React DOM, SWR
 * and Next left out (the store has them anyway), then gzip -9. Chunks the page loads
 * at once count as initial; the postal-code rules load on first focus of the field.
 */
import { clientBundle } from './lib/bundle.mjs';

const EXTERNAL = ['react', 'react-dom', 'swr', 'next'];

function sizes(chunks) {
  // Initial: the entry and every chunk it imports statically, transitively.
  const byFile = new Map(chunks.map((chunk) => [chunk.file, chunk]));
  const initial = new Set();
  const visit = (file) => {
    if (initial.has(file) || !byFile.has(file)) return;
    initial.add(file);
    for (const imported of byFile.get(file).imports) visit(imported);
  };
  visit(chunks.find((chunk) => chunk.isEntry).file);
  const sum = (list, key) => list.reduce((total, chunk) => total + chunk[key], 0);
  const eager = chunks.filter((chunk) => initial.has(chunk.file));
  const lazy = chunks.filter((chunk) => !initial.has(chunk.file));
  return {
    initial: { bytes: sum(eager, 'bytes'), gzip: sum(eager, 'gzip') },
    lazy: { bytes: sum(lazy, 'bytes'), gzip: sum(lazy, 'gzip'), modules: lazy.flatMap((chunk) => chunk.modules) },
  };
}

export async function run() {
  const provider = sizes(await clientBundle('provider', "export * from '@/lib/react';", EXTERNAL));
  const all = sizes(await clientBundle('provider-picker', "export * from '@/lib/react';\nexport { RegionPicker } from '@/components/RegionPicker';", EXTERNAL));
  return { provider, all, picker: { gzip: all.initial.gzip - provider.initial.gzip }, external: EXTERNAL };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 1));
}
