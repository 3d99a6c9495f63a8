import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Aurora Goods',
  description: 'A demo store for vtex-sessions-next: a VTEX-style Sessions System for Next.js',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#fbf8f3' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
