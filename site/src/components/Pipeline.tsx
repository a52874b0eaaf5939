/**
 * The pipeline as a kanban: a column per stage with its totals, deals dragged (or moved from their
 * menu) between stages. A move shows at once and is undone, with the server's reason, when refused.
 * Deals moved, created or changed by others move on this board as it happens.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { allPages, api, messageOf, unwrap } from '../lib/api';
import { money } from '../lib/format';
import { cachedRead } from '../lib/offline';
import { loadPeople, loadTeams, type Person, type Team } from '../lib/people';
import { onRealtime } from '../lib/realtime';
import {
  columnTotals,
  filtersFromUrl,
  filtersToUrl,
  matchesFilters,
  movedDeal,
  type Deal,
  type Filters,
  type Stage,
} from './board/board-state';
import { DealCard } from './board/DealCard';
import { Notice } from './ui';

const DEAL_CAP = 1000;
const LIVE_EVENTS = [
  'opportunity.created',
  'opportunity.updated',
  'opportunity.stage_changed',
  'opportunity.value_updated',
  'opportunity.assigned',
];

type Pipeline = { id: string; name: string; isDefault: boolean; stages: Stage[] };

interface Board {
  pipelines: Pipeline[];
  deals: Deal[];
  capped: boolean;
  currency: string;
  rates: Record<string, string>;
  fromCache: boolean;
}

async function loadBoard(filters: Filters): Promise<Board> {
  const read = await cachedRead(`pipeline:${filtersToUrl(filters)}`, async () => {
    const pipelines = (await unwrap(api.GET('/api/v1/pipelines'))).items;
    const pipeline = pipelines.find((candidate) => candidate.id === filters.pipeline) ?? pipelines[0];
    const [deals, currencies] = await Promise.all([
      allPages(
        (cursor) =>
          unwrap(
            api.GET('/api/v1/opportunities', {
              params: {
                query: {
                  pipelineId: pipeline?.id,
                  status: 'open',
                  ownerId: filters.owner,
                  closingAfter: filters.closeFrom,
                  closingBefore: filters.closeTo,
                  limit: 200,
                  cursor,
                },
              },
            }),
          ),
        DEAL_CAP,
      ),
      unwrap(api.GET('/api/v1/currency-settings')),
    ]);
    return {
      pipelines,
      deals: deals.items,
      capped: deals.capped,
      currency: currencies.baseCurrency,
      rates: currencies.rates,
    };
  });
  return { ...read.value, fromCache: read.fromCache };
}

/** Asks why a deal was lost before it moves to a lost stage; resolves to the reason or null (cancelled). */
function LostReasonDialog({ deal, onDone }: { deal: Deal; onDone: (reason: string | null) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} aria-labelledby="lost-title" onCancel={() => onDone(null)}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onDone((new FormData(event.currentTarget).get('reason') as string).trim());
        }}
      >
        <h2 id="lost-title">Why was {deal.name} lost?</h2>
        <label for="lost-reason">Reason</label>
        <textarea id="lost-reason" name="reason" rows={3} cols={40} />
        <div class="actions">
          <button class="primary" type="submit">
            Mark lost
          </button>
          <button type="button" onClick={() => onDone(null)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

function FilterBar({
  filters,
  pipelines,
  people,
  teams,
  onChange,
}: {
  filters: Filters;
  pipelines: Pipeline[];
  people: Person[];
  teams: Team[];
  onChange: (filters: Filters) => void;
}) {
  const set = (key: keyof Filters) => (event: Event) =>
    onChange({ ...filters, [key]: (event.currentTarget as HTMLInputElement).value || undefined });
  return (
    <form class="filters" aria-label="Filter the board" onSubmit={(event) => event.preventDefault()}>
      <div>
        <label for="filter-pipeline">Pipeline</label>
        <select id="filter-pipeline" value={filters.pipeline ?? pipelines[0]?.id} onChange={set('pipeline')}>
          {pipelines.map((pipeline) => (
            <option key={pipeline.id} value={pipeline.id}>
              {pipeline.name}
            </option>
          ))}
        </select>
      </div>
      {people.length > 0 && (
        <div>
          <label for="filter-owner">Owner</label>
          <select id="filter-owner" value={filters.owner ?? ''} onChange={set('owner')}>
            <option value="">Everyone</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {teams.length > 0 && (
        <div>
          <label for="filter-team">Team</label>
          <select id="filter-team" value={filters.team ?? ''} onChange={set('team')}>
            <option value="">All teams</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div>
        <label for="filter-close-from">Closing from</label>
        <input
          id="filter-close-from"
          type="date"
          value={filters.closeFrom ?? ''}
          onChange={set('closeFrom')}
        />
      </div>
      <div>
        <label for="filter-close-to">Closing by</label>
        <input id="filter-close-to" type="date" value={filters.closeTo ?? ''} onChange={set('closeTo')} />
      </div>
      <div>
        <label for="filter-min">Amount from</label>
        <input
          id="filter-min"
          type="number"
          min="0"
          step="any"
          value={filters.min ?? ''}
          onChange={set('min')}
        />
      </div>
      <div>
        <label for="filter-max">Amount up to</label>
        <input
          id="filter-max"
          type="number"
          min="0"
          step="any"
          value={filters.max ?? ''}
          onChange={set('max')}
        />
      </div>
      {Object.keys(filters).some((key) => key !== 'pipeline') && (
        <button type="button" onClick={() => onChange({ pipeline: filters.pipeline })}>
          Clear filters
        </button>
      )}
    </form>
  );
}

export default function Pipeline() {
  const [filters, setFilters] = useState<Filters>(() => filtersFromUrl(location.search));
  const [board, setBoard] = useState<Board>();
  const [loadError, setLoadError] = useState<string>();
  const [refused, setRefused] = useState<string>();
  const [announcement, setAnnouncement] = useState('');
  const [moving, setMoving] = useState<Set<string>>(new Set());
  const [askLost, setAskLost] = useState<{ deal: Deal; stage: Stage }>();
  const [dropTarget, setDropTarget] = useState<string>();
  const [people, setPeople] = useState<Person[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);

  useEffect(() => {
    void loadPeople().then(setPeople);
    void loadTeams().then(setTeams);
  }, []);

  useEffect(() => {
    let current = true;
    loadBoard(filters).then(
      (loaded) => current && (setBoard(loaded), setLoadError(undefined)),
      (failure: unknown) => current && setLoadError(messageOf(failure)),
    );
    return () => {
      current = false;
    };
  }, [filtersToUrl(filters)]);

  const pipeline = board && (board.pipelines.find((p) => p.id === filters.pipeline) ?? board.pipelines[0]);
  const effective = useMemo(() => ({ ...filters, pipeline: pipeline?.id }), [filters, pipeline?.id]);

  // Someone else's change: fetch the deal as this person may see it now, and put it where it belongs.
  useEffect(() => {
    const refresh = async (id: string) => {
      const deal = await unwrap(api.GET('/api/v1/opportunities/{id}', { params: { path: { id } } })).catch(
        () => null,
      );
      setBoard((current) => {
        if (!current) return current;
        const others = current.deals.filter((candidate) => candidate.id !== id);
        const keep = deal && matchesFilters(deal, effective);
        return { ...current, deals: keep ? [...others, deal] : others };
      });
    };
    const stops = LIVE_EVENTS.map((name) =>
      onRealtime(name, (message) => {
        const id = message.data.opportunityId;
        if (typeof id === 'string') void refresh(id);
      }),
    );
    return () => stops.forEach((stop) => stop());
  }, [effective]);

  function changeFilters(next: Filters) {
    setFilters(next);
    history.replaceState(null, '', filtersToUrl(next));
  }

  async function move(deal: Deal, stage: Stage, lostReason?: string) {
    if (stage.kind === 'lost' && lostReason === undefined) {
      setAskLost({ deal, stage });
      return;
    }
    setRefused(undefined);
    setMoving((ids) => new Set(ids).add(deal.id));
    const replace = (next: Deal) =>
      setBoard(
        (current) =>
          current && { ...current, deals: current.deals.map((d) => (d.id === next.id ? next : d)) },
      );
    replace(movedDeal(deal, stage));
    try {
      const saved = await unwrap(
        api.POST('/api/v1/opportunities/{id}/stage', {
          params: { path: { id: deal.id } },
          body: { stageId: stage.id, version: deal.version, ...(lostReason && { lostReason }) },
        }),
      );
      replace(saved);
      setAnnouncement(`${deal.name} moved to ${stage.name}.`);
    } catch (failure) {
      replace(deal);
      const reason = messageOf(failure);
      setRefused(`${deal.name} stayed in ${deal.stage.name}: ${reason}`);
      setAnnouncement(`${deal.name} could not move: ${reason}`);
    } finally {
      setMoving((ids) => {
        const next = new Set(ids);
        next.delete(deal.id);
        return next;
      });
    }
  }

  function drop(event: DragEvent, stage: Stage) {
    event.preventDefault();
    setDropTarget(undefined);
    const id = event.dataTransfer?.getData('text/closer-deal');
    const deal = board?.deals.find((candidate) => candidate.id === id);
    if (deal && deal.stage.id !== stage.id) void move(deal, stage);
  }

  if (loadError && !board) return <Notice kind="bad">{loadError}</Notice>;
  if (!board || !pipeline)
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  const shown = board.deals.filter((deal) => matchesFilters(deal, effective));
  return (
    <div class="pipeline">
      <FilterBar
        filters={effective}
        pipelines={board.pipelines}
        people={people}
        teams={teams}
        onChange={changeFilters}
      />
      {board.fromCache && (
        <Notice>Shown from this device: you are offline, and this is the board as last loaded.</Notice>
      )}
      {board.capped && (
        <Notice>Showing the first {DEAL_CAP} open deals; narrow the filters to see the rest.</Notice>
      )}
      {refused && <Notice kind="bad">{refused}</Notice>}
      <div class="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      <div class="board" role="list" aria-label={`${pipeline.name} stages`}>
        {pipeline.stages.map((stage) => {
          const deals = shown.filter((deal) => deal.stage.id === stage.id);
          const totals = columnTotals(deals, board.currency, board.rates);
          return (
            <section
              key={stage.id}
              role="listitem"
              class={`column${dropTarget === stage.id ? ' drop-target' : ''} ${stage.kind}`}
              aria-labelledby={`stage-${stage.id}`}
              data-stage-id={stage.id}
              onDragOver={(event) => {
                event.preventDefault();
                setDropTarget(stage.id);
              }}
              onDragLeave={() => setDropTarget((current) => (current === stage.id ? undefined : current))}
              onDrop={(event) => drop(event, stage)}
            >
              <header class="column-head">
                <h2 id={`stage-${stage.id}`}>
                  {stage.name} <span class="badge">{totals.count}</span>
                </h2>
                <div class="muted">
                  {money(totals.total, board.currency, true)}
                  {stage.kind === 'open' && ` · weighted ${money(totals.weighted, board.currency, true)}`}
                  {totals.otherCurrency > 0 && ` · ${totals.otherCurrency} without an exchange rate`}
                </div>
              </header>
              <div class="column-body">
                {deals.map((deal) => (
                  <DealCard
                    key={deal.id}
                    deal={deal}
                    stages={pipeline.stages}
                    moving={moving.has(deal.id)}
                    onMove={(item, target) => void move(item, target)}
                  />
                ))}
                {deals.length === 0 && (
                  <p class="muted empty">{stage.kind === 'open' ? 'No deals' : 'Drop here'}</p>
                )}
              </div>
            </section>
          );
        })}
      </div>
      {askLost && (
        <LostReasonDialog
          deal={askLost.deal}
          onDone={(reason) => {
            const { deal, stage } = askLost;
            setAskLost(undefined);
            if (reason !== null) void move(deal, stage, reason);
          }}
        />
      )}
    </div>
  );
}
