import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { I18nController } from '../../lib/i18n-controller.js';
import { t } from '../../lib/i18n.js';
import { pairApi, type PairView } from '../../lib/pair-api.js';
import { getSocket } from '../../lib/socket.js';
import type { PairShell } from '../../../../server/realtime/pair-types.js';
import { pairBarStyles } from './pair.styles.js';
import './pair-terminal.js';

/**
 * On the course page of a learner in a pair: who is in which terminal of the shared machine
 * (« Votre terminal · Terminal de Bob (Bob y est) »), and a button to open the partner's terminal and type
 * in it. Nothing for a learner working alone. When the pair changes, the page reloads with the right lab.
 */
export class AtPairBar extends LitElement {
  static override styles = pairBarStyles;

  @property() labId = '';
  @property() courseId = '';
  @state() private pair?: PairView;
  @state() private shells: PairShell[] = [];
  /** The partner's shell shown here, with a keyboard. */
  @state() private viewing?: PairShell;
  private unlisten?: () => void;

  constructor() {
    super();
    new I18nController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const s = getSocket();
    const onShells = (p: { labId: string; terminals: PairShell[] }) => {
      if (p.labId !== this.labId) return;
      this.shells = p.terminals;
      if (this.viewing && !p.terminals.some((x) => x.terminalId === this.viewing?.terminalId))
        this.viewing = undefined;
    };
    // The pair was made or ended elsewhere: the lab this page shows may no longer be the learner's.
    const onChanged = () => location.reload();
    const onConnect = () => void this.follow();
    s.on('pair:shells', onShells).on('pair:changed', onChanged).on('connect', onConnect);
    this.unlisten = () =>
      s.off('pair:shells', onShells).off('pair:changed', onChanged).off('connect', onConnect);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('labId') || changed.has('courseId')) void this.follow();
  }

  private async follow(): Promise<void> {
    const labId = this.labId;
    if (!labId) return;
    const mine = await pairApi.mine().catch(() => undefined);
    this.pair = mine?.pairs.find((p) => p.partnerId && p.courseIds.includes(this.courseId));
    if (!this.pair) return;
    const s = getSocket();
    if (!s.connected) return; // 'connect' comes back here
    const ack = await s
      .timeout(10_000)
      .emitWithAck('pair:terminals', { labId })
      .catch(() => undefined);
    if (ack?.ok && labId === this.labId) this.shells = ack.terminals;
  }

  override render() {
    const pair = this.pair;
    if (!pair?.partner) return nothing;
    const partner = pair.partner;
    const theirs = this.shells.filter((s) => !s.mine);
    return html`<div class="bar" role="group" aria-label=${t('pairs.bar')} data-testid="pair-bar">
        <span class="who">${t('pairs.with', { name: partner })}</span>
        <span class="item mine">${t('pairs.yours')}</span>
        ${
          theirs.length === 0
            ? html`<span class="item muted">${t('pairs.none', { name: partner })}</span>`
            : theirs.map(
                (s) =>
                  html`<span class="item" data-terminal=${s.terminalId}>
                    ${t('pairs.theirs', { name: s.name })}${this.machineNote(s)}
                    <span class="presence"
                      >(${t(s.open ? 'pairs.isIn' : 'pairs.away', { name: s.name })})</span
                    >
                    <button
                      class="btn btn-small btn-secondary"
                      type="button"
                      aria-pressed=${this.viewing?.terminalId === s.terminalId ? 'true' : 'false'}
                      @click=${() => this.toggle(s)}
                    >
                      ${t(this.viewing?.terminalId === s.terminalId ? 'pairs.close' : 'pairs.open', { name: s.name })}
                    </button>
                  </span>`,
              )
        }
      </div>
      ${
        this.viewing
          ? html`<at-pair-terminal
              .labId=${this.labId}
              .terminalId=${this.viewing.terminalId}
              .ownerName=${this.viewing.name}
              @close=${() => (this.viewing = undefined)}
            ></at-pair-terminal>`
          : nothing
      }`;
  }

  private machineNote(s: PairShell) {
    return this.shells.some((x) => x.machine !== s.machine) ? html` <code>${s.machine}</code>` : nothing;
  }

  private toggle(s: PairShell): void {
    this.viewing = this.viewing?.terminalId === s.terminalId ? undefined : s;
  }
}
