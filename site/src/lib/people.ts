/** The organization's people and teams, for pickers and filters; empty when the caller may not list them. */
import { api, unwrap, type Schemas } from './api';

export type Person = Pick<Schemas['OrganizationUser'], 'id' | 'name' | 'email'>;
export type Team = Pick<Schemas['Team'], 'id' | 'name' | 'members'>;

let people: Promise<Person[]> | undefined;
let teams: Promise<Team[]> | undefined;

/**
 * Active members, by name (the first 200; pickers search within them). Who may not list members (reps)
 * gets the people of the teams they see instead.
 */
export function loadPeople(): Promise<Person[]> {
  people ??= unwrap(api.GET('/api/v1/users', { params: { query: { status: 'active', limit: 200 } } }))
    .then(
      (page) => page.items as Person[],
      async () => {
        const members = (await loadTeams()).flatMap((team) => team.members);
        const byId = new Map(
          members.map((member) => [
            member.userId,
            { id: member.userId, name: member.name, email: member.email },
          ]),
        );
        return [...byId.values()];
      },
    )
    .then((list) => list.sort((a, b) => a.name.localeCompare(b.name)));
  return people;
}

export function loadTeams(): Promise<Team[]> {
  teams ??= unwrap(api.GET('/api/v1/teams')).then(
    (page) => page.items,
    () => [],
  );
  return teams;
}
