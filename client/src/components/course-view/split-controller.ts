import type { ReactiveController, ReactiveElement } from 'lit';

const KEY = 'atelier.split';
const MIN = 25;
const MAX = 75;
const clamp = (n: number): number => Math.min(MAX, Math.max(MIN, n));

/**
 * Drives a vertical splitter: pointer drag and arrow keys set the `--split` custom property
 * (as a percentage) on the host through the CSSOM (no inline style attribute), remembered per browser.
 */
export class SplitController implements ReactiveController {
  value = 46;
  private dragging = false;

  constructor(private readonly host: ReactiveElement) {
    host.addController(this);
    const saved = Number(localStorage.getItem(KEY));
    if (saved >= MIN && saved <= MAX) this.value = saved;
  }

  hostConnected(): void {
    this.apply();
  }

  readonly onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    const gutter = e.currentTarget as HTMLElement;
    gutter.setPointerCapture(e.pointerId);
    gutter.classList.add('dragging');
    this.dragging = true;
    e.preventDefault();
  };

  readonly onPointerMove = (e: PointerEvent): void => {
    if (!this.dragging) return;
    const rect = this.host.getBoundingClientRect();
    this.set(((e.clientX - rect.left) / rect.width) * 100);
  };

  readonly onPointerUp = (e: PointerEvent): void => {
    if (!this.dragging) return;
    this.dragging = false;
    (e.currentTarget as HTMLElement).classList.remove('dragging');
    this.save();
  };

  readonly onKeyDown = (e: KeyboardEvent): void => {
    const step = e.shiftKey ? 10 : 2;
    const next: Record<string, number> = {
      ArrowLeft: this.value - step,
      ArrowRight: this.value + step,
      Home: MIN,
      End: MAX,
    };
    if (!(e.key in next)) return;
    e.preventDefault();
    this.set(next[e.key] as number);
    this.save();
  };

  private set(v: number): void {
    this.value = Math.round(clamp(v) * 10) / 10;
    this.apply();
    this.host.requestUpdate();
  }

  private apply(): void {
    this.host.style.setProperty('--split', `${this.value}%`);
  }

  private save(): void {
    try {
      localStorage.setItem(KEY, String(this.value));
    } catch {
      // storage unavailable: the split lasts for this page
    }
  }
}
