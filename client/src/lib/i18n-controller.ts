import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { i18n } from './i18n.js';
import type { Lang } from './types.js';

/** Re-renders its host when the language changes; `onChange` lets views refetch localized data. */
export class I18nController implements ReactiveController {
  private unsubscribe?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange?: (lang: Lang) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = i18n.subscribe((lang) => {
      this.host.requestUpdate();
      this.onChange?.(lang);
    });
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
  }
}
