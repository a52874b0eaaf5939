/** Teams: create and delete them, add and remove members, and say who manages each. */
import { useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../../lib/api';
import { formText } from '../../lib/format';
import { Allowed, Field, Loaded, Notice, useAsync } from '../ui';

type Team = Schemas['Team'];
type Person = Schemas['OrganizationUser'];

function TeamCard({
  team,
  people,
  onChange,
}: {
  team: Team;
  people: Person[];
  onChange: (text: string, ok?: boolean) => void;
}) {
  const outside = people.filter((person) => !team.members.some((member) => member.userId === person.id));
  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      onChange(done);
    } catch (error) {
      onChange(`${team.name}: ${messageOf(error)}`, false);
    }
  };
  const setMember = (userId: string, role: 'member' | 'manager', done: string) =>
    run(
      () =>
        unwrap(
          api.POST('/api/v1/teams/{id}/members', {
            params: { path: { id: team.id } },
            body: { userId, role },
          }),
        ),
      done,
    );
  return (
    <section class="card" aria-labelledby={`team-${team.id}`} data-team={team.name}>
      <div class="row-between">
        <h2 id={`team-${team.id}`}>{team.name}</h2>
        <button
          type="button"
          class="danger"
          aria-label={`Delete team ${team.name}`}
          onClick={() => {
            if (confirm(`Delete the team ${team.name}? Its members stay in the organization.`))
              void run(
                () => unwrap(api.DELETE('/api/v1/teams/{id}', { params: { path: { id: team.id } } })),
                `${team.name} deleted.`,
              );
          }}
        >
          Delete
        </button>
      </div>
      {team.description && <p class="muted">{team.description}</p>}
      <ul class="list-plain">
        {team.members.map((member) => (
          <li key={member.userId} class="row-between">
            <span>
              {member.name} <span class="muted">{member.email}</span>
            </span>
            <span>
              <label class="check">
                <input
                  type="checkbox"
                  checked={member.role === 'manager'}
                  aria-label={`${member.name} manages ${team.name}`}
                  onChange={(event) => {
                    const role = event.currentTarget.checked ? 'manager' : 'member';
                    void setMember(
                      member.userId,
                      role,
                      `${member.name} ${role === 'manager' ? 'manages' : 'no longer manages'} ${team.name}.`,
                    );
                  }}
                />{' '}
                Manager
              </label>{' '}
              <button
                type="button"
                aria-label={`Remove ${member.name} from ${team.name}`}
                onClick={() =>
                  void run(
                    () =>
                      unwrap(
                        api.DELETE('/api/v1/teams/{id}/members/{userId}', {
                          params: { path: { id: team.id, userId: member.userId } },
                        }),
                      ),
                    `${member.name} left ${team.name}.`,
                  )
                }
              >
                Remove
              </button>
            </span>
          </li>
        ))}
        {team.members.length === 0 && <li class="muted">No member yet.</li>}
      </ul>
      {outside.length > 0 && (
        <div class="filters" style={{ marginTop: '0.5rem' }}>
          <div>
            <label for={`add-${team.id}`}>Add to {team.name}</label>
            <select
              id={`add-${team.id}`}
              value=""
              onChange={(event) => {
                const person = outside.find((candidate) => candidate.id === event.currentTarget.value);
                if (person) void setMember(person.id, 'member', `${person.name} joined ${team.name}.`);
              }}
            >
              <option value="">Choose someone…</option>
              {outside.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
    </section>
  );
}

export default function Teams() {
  const state = useAsync(() =>
    Promise.all([
      unwrap(api.GET('/api/v1/teams')),
      // Managers (team.manage_members) do not list the organization's people: they manage who is there.
      unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200, status: 'active' } } })).catch(() => ({
        items: [] as Person[],
      })),
    ]),
  );
  const [outcome, setOutcome] = useState<{ text: string; ok: boolean }>();
  const [failure, setFailure] = useState<unknown>();
  const changed = (text: string, ok = true) => {
    setOutcome({ text, ok });
    state.reload();
  };
  const create = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    try {
      const team = await unwrap(
        api.POST('/api/v1/teams', {
          body: { name: formText(form, 'name'), description: formText(form, 'description') },
        }),
      );
      setFailure(undefined);
      formElement.reset();
      changed(`${team.name} created.`);
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <Allowed needs={['org.manage_users', 'team.manage_members']} what="Teams">
      {() => (
        <div class="stack">
          <form class="card filters" aria-label="Create a team" onSubmit={(event) => void create(event)}>
            <Field name="name" label="New team" required error={failure} />
            <Field name="description" label="Description" error={failure} />
            <button class="primary" type="submit">
              Create team
            </button>
            {failure !== undefined && <Notice kind="bad">{messageOf(failure)}</Notice>}
          </form>
          {outcome && <Notice kind={outcome.ok ? 'good' : 'bad'}>{outcome.text}</Notice>}
          <Loaded state={state}>
            {([teams, people]) => (
              <div class="grid charts">
                {teams.items.map((team) => (
                  <TeamCard key={team.id} team={team} people={people.items} onChange={changed} />
                ))}
              </div>
            )}
          </Loaded>
        </div>
      )}
    </Allowed>
  );
}
