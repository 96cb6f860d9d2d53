// The typed API client: every call goes through the public API described by
// openapi/openapi.yaml (schema.d.ts is generated from it, never edited).
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

const TOKEN_KEY = 'kefu.token';

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (t: string) => localStorage.setItem(TOKEN_KEY, t),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

// Listeners told when the server says our session is gone (401), so the
// shell can send the person back to the login page.
const expiredListeners = new Set<() => void>();
export function onSessionExpired(fn: () => void): () => void {
  expiredListeners.add(fn);
  return () => expiredListeners.delete(fn);
}

const auth: Middleware = {
  onRequest({ request }) {
    const t = tokenStore.get();
    if (t && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${t}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && request.headers.has('Authorization')) {
      tokenStore.clear();
      expiredListeners.forEach((fn) => fn());
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin });
api.use(auth);

export interface FieldError {
  location?: string;
  message?: string;
}

// ApiError carries the RFC 9457 problem the API answered with.
export class ApiError extends Error {
  status: number;
  title: string;
  detail: string;
  errors: FieldError[];
  constructor(status: number, body: Partial<Schemas['ErrorModel']> | undefined) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.title = body?.title ?? '';
    this.detail = body?.detail ?? '';
    this.errors = (body?.errors ?? []) as FieldError[];
  }
  // fieldErrors maps "body.name" locations to messages for form items.
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const loc = (e.location ?? '').replace(/^body\.?/, '');
      if (loc) out[loc] = e.message ?? '';
    }
    return out;
  }
}

// unwrap turns an openapi-fetch result into its data or a thrown ApiError.
export async function unwrap<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (!response.ok) throw new ApiError(response.status, error as Partial<Schemas['ErrorModel']>);
  return data as T;
}

// fetchAll follows next_cursor until the list ends (bounded, for pickers).
export async function fetchAll<T>(page: (cursor?: string) => Promise<{ items?: T[] | null; next_cursor?: string }>, max = 20): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < max; i++) {
    const r = await page(cursor);
    out.push(...(r.items ?? []));
    if (!r.next_cursor) break;
    cursor = r.next_cursor;
  }
  return out;
}
