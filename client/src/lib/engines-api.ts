// The admin's Docker Engines calls (docs/API.md, "Engines").
import type { EngineMode, EngineView } from '../../../server/sandbox/engine-types.js';
import { request } from './api.js';

export type { EngineMode, EngineView };

export const enginesApi = {
  list: () => request<{ engines: EngineView[] }>('GET', '/api/admin/engines').then((r) => r.engines),
  setMode: (name: string, mode: EngineMode) =>
    request<EngineView>('POST', `/api/admin/engines/${encodeURIComponent(name)}/mode`, { mode }),
};
