import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { api } from '../../lib/api.js';
import { formatDates } from '../../lib/format.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { i18n, t } from '../../lib/i18n.js';
import type { MyClass } from '../../lib/types.js';
import { myClassesStyles } from './my-classes.styles.js';

/** On a learner's home page: the classes they joined and those classes' courses. Empty: nothing shown. */
export class AtMyClasses extends LitElement {
  static override styles = myClassesStyles;

  @state() private classes: MyClass[] = [];

  constructor() {
    super();
    new I18nController(this, () => void this.load());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.classes = await api.myClasses(i18n.lang).catch(() => []);
  }

  override render() {
    if (this.classes.length === 0) return nothing;
    return html`<section aria-labelledby="my-classes">
      <div class="head">
        <h2 id="my-classes">${t('my.title')}</h2>
        <a href="/join">${t('my.join')}</a>
      </div>
      <ul>
        ${this.classes.map(
          (c) =>
            html`<li class="class" data-my-class=${c.id}>
              <div class="title">
                <strong>${c.name}</strong>
                <span class="meta">
                  ${[
                    formatDates(c.startsOn, c.endsOn),
                    c.trainers.length ? t('my.trainers', { names: c.trainers.join(', ') }) : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </div>
              <div class="courses">
                ${c.courses.map((course) => html`<a class="course" href="/courses/${encodeURIComponent(course.id)}">${course.title}</a>`)}
              </div>
            </li>`,
        )}
      </ul>
    </section>`;
  }
}
