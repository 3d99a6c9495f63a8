import type { Metadata, Viewport } from 'next';
import { Suspense, type ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Aurora Goods',
  description: 'A demo store for vtex-sessions-next: a VTEX-style Sessions System for Next.js',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#fbf8f3' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      {/*
        Cache Components: pages that read the request (sign-in, the region page) render in
        full at request time instead of streaming into a static shell, because their forms
        must work without JavaScript, which streamed parts need to appear. Pages under a
        variant are cached ('use cache') and prerender completely, so this costs them nothing.
      */}
      <Suspense>
        <body>{children}</body>
      </Suspense>
    </html>
  );
}
