import { html } from 'lit';
import { t } from '../../lib/i18n.js';
import { tabIndexAfterKey, type LabTab } from '../../lib/lab-tabs.js';
import { editIcon, globeIcon, promptIcon } from '../../styles/icons.js';
import type { TerminalStatus } from '../terminal/socket-attach-addon.js';

export interface MachineTabsProps {
  tabs: LabTab[];
  active: string;
  /** Each opened machine's terminal status (a small dot on its tab). */
  status: ReadonlyMap<string, TerminalStatus>;
  select(key: string): void;
}

const DOT: Record<TerminalStatus['kind'], string> = {
  open: 'ok',
  connecting: 'busy',
  offline: 'busy',
  exited: '',
  failed: 'bad',
};

export const tabId = (key: string): string => `tab-${key}`;
export const panelId = (key: string): string => `panel-${key}`;

/**
 * The lab's tabs: one root shell per machine (its hostname), the Editor, then the Browser. WAI-ARIA tabs with
 * automatic activation: arrows, Home and End move the selection and the focus.
 */
export function renderMachineTabs(p: MachineTabsProps) {
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const next = tabIndexAfterKey(e.key, index, p.tabs.length);
    const tab = next === undefined ? undefined : p.tabs[next];
    if (!tab) return;
    e.preventDefault();
    p.select(tab.key);
    const list = (e.currentTarget as HTMLElement).parentElement;
    list?.querySelector<HTMLElement>(`#${tabId(tab.key)}`)?.focus();
  };
  return html`<div class="tabs" role="tablist" aria-label=${t('lab.machines')}>
    ${p.tabs.map((tab, i) => {
      const selected = tab.key === p.active;
      const status = tab.kind === 'machine' ? p.status.get(tab.machine) : undefined;
      return html`<button
        type="button"
        role="tab"
        class="tab ${tab.kind}"
        id=${tabId(tab.key)}
        aria-selected=${selected ? 'true' : 'false'}
        aria-controls=${panelId(tab.key)}
        tabindex=${selected ? 0 : -1}
        title=${
          tab.kind === 'machine'
            ? t('lab.machineTab', { machine: tab.machine })
            : t(tab.kind === 'editor' ? 'editor.label' : 'browser.label')
        }
        data-tab=${tab.key}
        @click=${() => p.select(tab.key)}
        @keydown=${(e: KeyboardEvent) => onKeyDown(e, i)}
      >
        ${
          tab.kind === 'machine'
            ? html`${promptIcon}<span class="host">root@${tab.machine}</span
                ><span class="dot ${status ? DOT[status.kind] : ''}" aria-hidden="true"></span>`
            : tab.kind === 'editor'
              ? html`${editIcon}<span>${t('editor.tab')}</span>`
              : html`${globeIcon}<span>${t('browser.tab')}</span>`
        }
      </button>`;
    })}
  </div>`;
}
