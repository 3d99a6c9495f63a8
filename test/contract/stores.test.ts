import { cookieStore } from '@/lib/session/stores/cookie';
import { memoryStore } from '@/lib/session/stores/memory';
import { describeSessionStoreContract } from './session-store.contract';

describeSessionStoreContract('cookie', () => cookieStore(), { server: false });
describeSessionStoreContract('memory', () => memoryStore(), { server: true });
