import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { errorText } from './api.js';
import { I18nController } from './i18n-controller.js';
import { i18n } from './i18n.js';
import type { Lang } from './types.js';

/**
 * A page's data: loaded when the host connects and again when the language changes (the host is
 * re-rendered then too, as with I18nController). Keeps the last value through a failed reload, so a
 * page can show the error above what it had. An answer to an older load than the latest is dropped.
 */
export class LoadController<T> implements ReactiveController {
  value?: T;
  error?: unknown;
  private seq = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: (lang: Lang) => Promise<T>,
  ) {
    host.addController(this);
    new I18nController(host, () => void this.reload());
  }

  /** Nothing to show yet: no value and no error (the page says "loading"). */
  get pending(): boolean {
    return this.value === undefined && this.error === undefined;
  }

  /** The last load's failure in the learner's words; '' when it succeeded. */
  get errorMessage(): string {
    return this.error === undefined ? '' : errorText(this.error);
  }

  hostConnected(): void {
    void this.reload();
  }

  /** Loads again (after a change the page made, or a filter); resolves once value or error is in. */
  async reload(): Promise<void> {
    const seq = ++this.seq;
    try {
      const value = await this.load(i18n.lang);
      if (seq !== this.seq) return;
      this.value = value;
      this.error = undefined;
    } catch (err) {
      if (seq !== this.seq) return;
      this.error = err;
    }
    this.host.requestUpdate();
  }
}
