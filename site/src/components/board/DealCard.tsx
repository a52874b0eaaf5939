/** One deal on the board: draggable, with a "Move to" menu as the keyboard's way to do the same. */
import { money, day, percent } from '../../lib/format';
import type { Deal, Stage } from './board-state';

export function DealCard({
  deal,
  stages,
  moving,
  onMove,
}: {
  deal: Deal;
  stages: Stage[];
  moving: boolean;
  onMove: (deal: Deal, stage: Stage) => void;
}) {
  const overdue = deal.status === 'open' && deal.expectedCloseDate && deal.expectedCloseDate < today();
  return (
    <article
      class={`deal${moving ? ' moving' : ''}`}
      draggable
      data-deal-id={deal.id}
      aria-label={`${deal.name}, ${money(deal.amount, deal.currency)}`}
      onDragStart={(event) => {
        event.dataTransfer?.setData('text/closer-deal', deal.id);
        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      }}
    >
      <a class="deal-name" href={`/opportunity?id=${deal.id}`}>
        {deal.name}
      </a>
      <div class="muted">{deal.customer.name}</div>
      <div class="deal-figures">
        <strong>{money(deal.amount, deal.currency)}</strong>
        <span class="badge" title="Win probability">
          {percent(deal.probability / 100)}
        </span>
      </div>
      <div class={overdue ? 'error' : 'muted'}>
        Close {day(deal.expectedCloseDate)} · {deal.owner.name}
      </div>
      <label class="visually-hidden" for={`move-${deal.id}`}>
        Move {deal.name} to
      </label>
      <select
        id={`move-${deal.id}`}
        class="deal-move"
        value={deal.stage.id}
        disabled={moving}
        onChange={(event) => {
          const stage = stages.find((candidate) => candidate.id === event.currentTarget.value);
          if (stage && stage.id !== deal.stage.id) onMove(deal, stage);
        }}
      >
        {stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stage.id === deal.stage.id ? `In ${stage.name}` : `Move to ${stage.name}`}
          </option>
        ))}
      </select>
    </article>
  );
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
