import { html, LitElement, nothing } from 'lit';
import { api } from '../../lib/api.js';
import { formatDates } from '../../lib/format.js';
import { t } from '../../lib/i18n.js';
import { LoadController } from '../../lib/load-controller.js';
import type { MyClass } from '../../lib/types.js';
import { myClassesStyles } from './my-classes.styles.js';
import '../pair/pair.js';

/** On a learner's home page: the classes they joined and those classes' courses. Empty: nothing shown. */
export class AtMyClasses extends LitElement {
  static override styles = myClassesStyles;

  // A failure shows nothing, like no class at all: this section is optional on the home page.
  private readonly data = new LoadController<MyClass[]>(this, (lang) => api.myClasses(lang).catch(() => []));

  override render() {
    const classes = this.data.value ?? [];
    if (classes.length === 0) return nothing;
    return html`<section aria-labelledby="my-classes">
      <div class="head">
        <h2 id="my-classes">${t('my.title')}</h2>
        <a href="/join">${t('my.join')}</a>
      </div>
      <ul>
        ${classes.map(
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
              <at-pair-panel .classId=${c.id}></at-pair-panel>
            </li>`,
        )}
      </ul>
    </section>`;
  }
}
