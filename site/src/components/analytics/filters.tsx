/**
 * The filters of the analytics pages (date range, period width, team, member), kept in the address so a
 * view can be shared as a link, with a button that copies it.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../../lib/api';

export type Interval = 'week' | 'month' | 'quarter';

export interface ReportFilters {
  from?: string;
  to?: string;
  interval: Interval;
  teamId?: string;
  userId?: string;
}

const KEYS = ['from', 'to', 'interval', 'teamId', 'userId'] as const;

function readFilters(): ReportFilters {
  const params = new URLSearchParams(location.search);
  const interval = params.get('interval');
  const filters: ReportFilters = {
    interval: interval === 'week' || interval === 'quarter' ? interval : 'month',
  };
  for (const key of ['from', 'to', 'teamId', 'userId'] as const) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** The filters in the address, and a setter that writes them back (replacing history, not adding to it). */
export function useReportFilters(): [ReportFilters, (next: ReportFilters) => void] {
  const [filters, setFilters] = useState(readFilters);
  const update = (next: ReportFilters) => {
    const params = new URLSearchParams(location.search);
    for (const key of KEYS) {
      const value = next[key];
      if (value && !(key === 'interval' && value === 'month')) params.set(key, value);
      else params.delete(key);
    }
    const query = params.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
    setFilters(next);
  };
  return [filters, update];
}

/** Query parameters for the API from the filters (empty ones left out). */
export function reportQuery(filters: ReportFilters) {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) as ReportFilters;
}

function useTeams(): Schemas['Team'][] {
  const [teams, setTeams] = useState<Schemas['Team'][]>([]);
  useEffect(() => {
    unwrap(api.GET('/api/v1/teams')).then(
      (result) => setTeams(result.items),
      () => setTeams([]),
    );
  }, []);
  return teams;
}

export function FilterBar({
  filters,
  onChange,
  showInterval = true,
  showPeople = true,
}: {
  filters: ReportFilters;
  onChange: (next: ReportFilters) => void;
  showInterval?: boolean;
  showPeople?: boolean;
}) {
  const teams = useTeams();
  const [copied, setCopied] = useState('');
  const members = new Map<string, string>();
  for (const team of teams)
    if (!filters.teamId || team.id === filters.teamId)
      for (const member of team.members) members.set(member.userId, member.name);
  const set = (key: keyof ReportFilters) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement | HTMLSelectElement).value;
    const next = { ...filters, [key]: value || undefined };
    if (key === 'teamId') delete next.userId;
    onChange(next);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setCopied('Link copied: it opens this same view.');
    } catch {
      setCopied(`Copy this link: ${location.href}`);
    }
  };
  return (
    <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <div>
        <label for="filter-from">From</label>
        <input id="filter-from" type="date" value={filters.from ?? ''} onChange={set('from')} />
      </div>
      <div>
        <label for="filter-to">Until (not included)</label>
        <input id="filter-to" type="date" value={filters.to ?? ''} onChange={set('to')} />
      </div>
      {showInterval && (
        <div>
          <label for="filter-interval">By</label>
          <select id="filter-interval" value={filters.interval} onChange={set('interval')}>
            <option value="week">Week</option>
            <option value="month">Month</option>
            <option value="quarter">Quarter</option>
          </select>
        </div>
      )}
      {showPeople && teams.length > 0 && (
        <div>
          <label for="filter-team">Team</label>
          <select id="filter-team" value={filters.teamId ?? ''} onChange={set('teamId')}>
            <option value="">All I may see</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {showPeople && members.size > 0 && (
        <div>
          <label for="filter-member">Member</label>
          <select id="filter-member" value={filters.userId ?? ''} onChange={set('userId')}>
            <option value="">Everyone</option>
            {[...members].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="button" onClick={() => void copy()}>
        Copy link to this view
      </button>
      <span role="status" class="muted">
        {copied}
      </span>
    </form>
  );
}
