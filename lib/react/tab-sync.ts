/**
 * Tells other tabs of this origin that the session changed. BroadcastChannel where
 * there is one; elsewhere a localStorage write, which fires `storage` in the other
 * tabs. Neither delivers to the sender, which already knows.
 */
export interface TabSync {
  post(): void;
  close(): void;
}

export function createTabSync(name: string, onChange: () => void): TabSync {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(name);
    channel.onmessage = () => onChange();
    return { post: () => channel.postMessage('changed'), close: () => channel.close() };
  }
  if (typeof window === 'undefined') return { post() {}, close() {} };
  const listener = (event: StorageEvent) => {
    if (event.key === name && event.newValue !== null) onChange();
  };
  window.addEventListener('storage', listener);
  return {
    post() {
      try {
        // A new value each time, or an identical write would fire no event.
        localStorage.setItem(name, `${Date.now()}:${Math.random()}`);
      } catch {
        // Storage may be full or blocked (private mode): other tabs catch up on focus.
      }
    },
    close: () => window.removeEventListener('storage', listener),
  };
}
