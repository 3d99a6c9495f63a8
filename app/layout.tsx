import type { ReactNode } from 'react';

export const metadata = { title: 'Demo store', description: 'A VTEX-style Sessions System for Next.js stores' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
