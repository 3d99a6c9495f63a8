import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import { vi } from 'vitest';
import { SessionProvider, type SessionProviderProps } from '@/lib/react';

/** One "tab": its own SWR cache (as a real tab has) and a spy for router.refresh(). */
export function tab(ui: ReactElement, props: Partial<SessionProviderProps> = {}) {
  const refresh = vi.fn();
  const element = (
    <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
      <SessionProvider refresh={refresh} {...props}>
        {ui}
      </SessionProvider>
    </SWRConfig>
  );
  return { refresh, element };
}

export function renderWithSession(ui: ReactElement, props: Partial<SessionProviderProps> = {}) {
  const { refresh, element } = tab(ui, props);
  return { refresh, ...render(element) };
}
