import { describe, expect, it } from '@jest/globals';
import { parseUnguarded } from './parse.js';
import { testContext } from './test-context.js';
import type { Command } from './types.js';

const commands = (text: string): Command[] => parseUnguarded(text, testContext).commands;
const only = (text: string): Command => {
  const [command, ...rest] = commands(text);
  expect(rest).toEqual([]);
  return command!;
};

describe('a task change that points back at its task', () => {
  it.each([
    ['push it to friday', 'update_task', { dueDate: '2025-03-14' }],
    ['move it to friday', 'update_task', { dueDate: '2025-03-14' }],
    ['bump that one to tomorrow', 'update_task', { dueDate: '2025-03-13' }],
    ['make that urgent', 'update_task', { priority: 'high' }],
    ['make it high priority', 'update_task', { priority: 'high' }],
    ['assign it to lena', 'update_task', { assignee: 'U0456DEF' }],
    ['mark it done', 'complete_task', {}],
    ['close it out', 'complete_task', {}],
    ['this one -> low pri', 'update_task', { priority: 'low' }],
  ])('"%s" is a change of the task the conversation is on, with no title', (text, intent, entities) => {
    const command = only(text);
    expect(command).toMatchObject({ intent, refersBack: true, entities });
    expect(command.entities.title).toBeUndefined();
    expect(command.missing).not.toContain('title');
    expect(command.confidence).toBeGreaterThanOrEqual(0.75);
  });

  it('does not point back when the task is named', () => {
    const command = only('push the Acme deck to friday');
    expect(command.refersBack).toBeUndefined();
    expect(command.entities).toMatchObject({ title: 'Acme deck', customer: 'Acme Corp' });
  });

  it('is a detail of the task said before it in the same message', () => {
    const [task, ...rest] = commands('lena take the Hooli SOW, due fri, and make it team visible');
    expect(rest).toEqual([]);
    expect(task).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'team', assignee: 'U0456DEF' },
    });
  });

  it('after a question about a deal, moves the deal, not a task', () => {
    const [asked, moved, ...rest] = commands(
      "what's the close date on the Globex pilot? pls push it to apr 30",
    );
    expect(rest).toEqual([]);
    expect(asked!.intent).toBe('query_opportunity');
    expect(moved).toMatchObject({ intent: 'update_opportunity', entities: { closeDate: '2025-04-30' } });
  });

  it('keeps a colon announcing a new task for the task', () => {
    expect(only('assign this to <@U0456DEF>: chase Initech for the signed PO').intent).toBe('create_task');
  });
});

describe('a push of a due date', () => {
  it.each([
    ['push the proposal to next week', 'week'],
    ['postpone the proposal to next month', 'month'],
    ['move the proposal back to friday', 'weekday'],
    ['delay the deck until tomorrow', 'date'],
    ['slip the Acme follow up a week', 'week'],
    ['push f/u with Bob to next week', 'week'],
    ['push it back a week', 'week'],
  ])('"%s" is a push by %s', (text, period) => {
    const command = only(text);
    expect(command.intent).toBe('update_task');
    expect(command.push).toBe(period);
    expect(command.entities.dueDate).toBeDefined();
  });

  it.each([
    ['push it back a week', { days: 7 }],
    ['slip the deck 2 days', { days: 2 }],
    ['push the Acme deck by a couple of weeks', { days: 14 }],
    ['delay the Acme deck a month', { months: 1 }],
  ])('"%s" is a push by an amount, counted from the due date', (text, amount) => {
    const command = only(text);
    expect(command).toMatchObject({ intent: 'update_task', pushBy: amount });
    expect(command.entities.dueDate).toBeDefined();
    expect(command.entities.title ?? '').not.toMatch(/week|day|month/);
  });

  it.each(['push the deck to next week', 'push it a week from friday'])('"%s" names no amount', (text) => {
    expect(only(text).pushBy).toBeUndefined();
  });

  it.each([
    'move the proposal to next week',
    'acme pricing sheet -> high pri',
    'push the Acme deal to negotiation',
  ])('"%s" is no push', (text) => {
    expect(commands(text).some((command) => command.push !== undefined)).toBe(false);
  });

  it('is not what a customer did', () => {
    expect(commands('Globex pushed the demo to friday').some((c) => c.intent === 'update_task')).toBe(false);
  });
});

describe('a question about overdue tasks', () => {
  it.each(["what's overdue?", 'anything past due for lena?', 'which of my tasks are late'])(
    '"%s" asks for overdue tasks',
    (text) => {
      expect(only(text)).toMatchObject({ intent: 'query_tasks', overdue: true });
    },
  );

  it('is not said of every task question', () => {
    expect(only("what's due this week?").overdue).toBeUndefined();
  });
});

describe('priority, visibility and reminder times in their everyday words', () => {
  it('reads "not urgent" as low, and leaves it out of the title', () => {
    expect(only('nothing urgent, but call Bob next week').entities).toMatchObject({
      priority: 'low',
      title: 'call Bob',
    });
    expect(only('this is urgent: call Bob').entities).toMatchObject({ priority: 'high', title: 'call Bob' });
  });

  it('reads a medium priority before a task as announcing it', () => {
    expect(only('medium prio: check in with Priya')).toMatchObject({
      intent: 'create_task',
      entities: { priority: 'medium', title: 'check in with Priya' },
    });
  });

  it('shares a task with colleagues without making them its assignees', () => {
    const [task, ...rest] = commands('share with sam and lena: Acme renewal prep');
    expect(rest).toEqual([]);
    expect(task).toMatchObject({ intent: 'create_task', entities: { visibility: 'collaborative' } });
    expect(task!.entities.assignee).toBeUndefined();
    const shared = only('share the Globex deck task with lena');
    expect(shared).toMatchObject({ intent: 'update_task', entities: { visibility: 'collaborative' } });
    expect(shared.entities.assignee).toBeUndefined();
    // A task made shared with a colleague names who works on it, as it always did.
    expect(only('create a shared task with Lena to plan the Hooli QBR').entities.assignee).toBe('U0456DEF');
  });

  it('reads a task for the whole team announced before it', () => {
    expect(only('new task for the team, visible to everyone: review the pipeline')).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'team', title: 'review the pipeline' },
    });
  });

  it('names the task whose priority or due date changes', () => {
    expect(only('set priority of the Globex follow up to medium').entities.title).toBe('Globex follow up');
    expect(only('change the due date of the Hooli deck to monday').entities.title).toBe('Hooli deck');
  });

  it('reads a reminder time said with "for" or "@"', () => {
    expect(only('set a reminder for 11 to call Bob').entities).toMatchObject({
      remindAt: '2025-03-12T11:00:00-04:00',
      title: 'call Bob',
    });
    expect(only('reminder: call Bob @ 2').entities).toMatchObject({
      remindAt: '2025-03-12T14:00:00-04:00',
      title: 'call Bob',
    });
    expect(only('remind me before my 2pm to prep').entities.title).toBe('prep');
  });

  it('keeps common English words from being read as typos of ours', () => {
    const task = only('whenever you get a chance, sam, look at the Hooli account (low priority)');
    expect(task.intent).toBe('create_task');
    expect(task.entities.priority).toBe('low');
    expect(only('remind me at 11 to dial into the Acme call').entities.title).toBe('dial into the Acme call');
  });
});

describe('details in brackets', () => {
  it('belong to the clause they stand in, whatever commas they hold', () => {
    const [first, second, ...rest] = commands(
      'lena pls take the Initech renewal prep (due 3/20, team visible) and sam the Hooli SOW by eow',
    );
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      intent: 'create_task',
      entities: {
        assignee: 'U0456DEF',
        visibility: 'team',
        dueDate: '2025-03-20',
        title: 'take the Initech renewal prep',
      },
    });
    expect(second).toMatchObject({
      intent: 'create_task',
      entities: { assignee: 'U0123ABC', dueDate: '2025-03-14' },
    });
    expect(second!.entities.visibility).toBeUndefined();
  });
});

describe('questions about a task or a contact by name', () => {
  it.each([
    ["what's the status of my Hooli SOW task", 'query_tasks'],
    ["how's the Acme deck task going?", 'query_tasks'],
    ['what does Priya Patel do at Initech', 'query_customer'],
    ['which company is Bob Smith with', 'query_customer'],
    ["what's the status of the Acme deal", 'query_opportunity'],
  ])('"%s" is %s', (text, intent) => {
    expect(only(text).intent).toBe(intent);
  });
});

describe('changes to a task said in passing', () => {
  it.each([
    ['Hooli deck: due monday now', { title: 'Hooli deck', dueDate: '2025-03-17' }],
    ['the Acme proposal should be due thurs', { title: 'Acme proposal', dueDate: '2025-03-13' }],
    ['Bob follow up → tomorrow', { title: 'Bob follow up', dueDate: '2025-03-13' }],
    ['the Globex f/u can wait till next week', { title: 'Globex follow up', dueDate: '2025-03-17' }],
    ['halfway thru the Initech rfp', { title: 'Initech rfp', progress: 50 }],
    ['Hooli deck is waiting on legal', { title: 'Hooli deck', status: 'blocked' }],
  ])('"%s" changes the task it names', (text, entities) => {
    expect(only(text)).toMatchObject({ intent: 'update_task', entities });
  });
});

describe('how each call in a list went', () => {
  it('reads a bracketed "good" as positive, each record keeping its own', () => {
    expect(
      commands('3 calls today: acme (good), hooli (no answer), globex (bad)').map((c) => [
        c.entities.customer,
        c.entities.outcome,
      ]),
    ).toEqual([
      ['Acme Corp', 'positive'],
      ['Hooli', undefined],
      ['Globex', 'negative'],
    ]);
  });
});

describe('who may see a task, in everyday words', () => {
  it.each([
    ['only i should see the Hooli task', 'private'],
    ['keep the Hooli task to myself', 'private'],
    ['hide the Acme deck task from the team', 'private'],
    ['let the whole team see the Globex f/u', 'team'],
    ['add lena to the Acme deck task', 'collaborative'],
  ])('"%s" makes it %s', (text, visibility) => {
    const command = only(text);
    expect(command).toMatchObject({ intent: 'update_task', entities: { visibility } });
    expect(command.entities.title).toBeDefined();
    expect(command.entities.assignee).toBeUndefined();
  });
});

describe('a deal value replaced by another', () => {
  it.each([
    ['Acme renewal: qualified → proposal', { stage: 'Proposal' }],
    ['move acme from qualified to negotiation', { stage: 'Negotiation' }],
    ['Globex pilot → won', { stage: 'Won' }],
    ['acme renewal 120k→150k', { amount: { value: 150_000, currency: 'USD' } }],
    ['bump the globex pilot from 40k to 55k', { amount: { value: 55_000, currency: 'USD' } }],
    ['Hooli deal - pushed to Q3', { closeDate: '2025-09-30' }],
  ])('"%s" takes the new value', (text, entities) => {
    expect(only(text)).toMatchObject({ intent: 'update_opportunity', entities });
  });
});

describe('more ways a task is set up, handed over or shown', () => {
  it.each([
    [
      "what's on my calendar tmrw afternoon",
      'query_tasks',
      { period: { from: '2025-03-13', to: '2025-03-13' } },
    ],
    [
      'raise the Hooli pricing review to p0',
      'update_task',
      { priority: 'critical', title: 'Hooli pricing review' },
    ],
    [
      'set a task for sam to run discovery with Bob',
      'create_task',
      { assignee: 'U0123ABC', title: 'run discovery with Bob' },
    ],
    ['hand sam the Acme f/u', 'update_task', { assignee: 'U0123ABC', title: 'Acme follow up' }],
    [
      'Hooli onboarding task → team visibility',
      'update_task',
      { visibility: 'team', title: 'Hooli onboarding' },
    ],
    [
      'the Acme follow up should be visible to the team',
      'update_task',
      { visibility: 'team', title: 'Acme follow up' },
    ],
    ['team-visible task: refresh the demo environment', 'create_task', { visibility: 'team' }],
    [
      'not urgent - clean up my old leads list',
      'create_task',
      { priority: 'low', title: 'clean up my old leads list' },
    ],
  ])('"%s" is %s', (text, intent, entities) => {
    expect(only(text)).toMatchObject({ intent, entities });
  });
});

describe('a reminder announced with its time, and things pointed at after a question', () => {
  it.each([
    [
      'in 3 hours remind me - call Bob back',
      { remindAt: '2025-03-12T13:30:00-04:00', title: 'call Bob back' },
    ],
    ['set reminder 3/18 at 10 - prep pricing review for Hooli', { remindAt: '2025-03-18T10:00:00-04:00' }],
    [
      'noon fri - confirm lunch w Bob, set a reminder',
      { remindAt: '2025-03-14T12:00:00-04:00', title: 'confirm lunch w Bob' },
    ],
  ])('"%s" is one reminder', (text, entities) => {
    expect(only(text)).toMatchObject({ intent: 'set_reminder', entities });
  });

  it('keeps a call that happened apart from a reminder asked after it', () => {
    expect(commands('had a call with Bob, set a reminder').map((c) => c.intent)).toEqual([
      'log_interaction',
      'set_reminder',
    ]);
  });

  it('moves the deal asked about to an amount, and hands a task over after a question', () => {
    expect(commands("what's the stage on the Acme renewal, and pls move it to 90k")[1]).toMatchObject({
      intent: 'update_opportunity',
      entities: { amount: { value: 90_000, currency: 'USD' } },
    });
    expect(
      commands("who's top rep this quarter? also hand the Hooli renewal prep to <@U0123ABC>")[1],
    ).toMatchObject({
      intent: 'update_task',
      entities: { assignee: 'U0123ABC', title: 'Hooli renewal prep' },
    });
    expect(only('make it due friday')).toMatchObject({ intent: 'update_task', refersBack: true });
  });
});

describe('sharing, priority and metrics in passing', () => {
  it('shares a task with the colleagues it is made collaborative or visible to, without assigning it', () => {
    for (const text of [
      'make the Hooli pricing task collaborative w sam and lena',
      'the Acme follow up, make it visible to lena and sam',
    ]) {
      const command = only(text);
      expect(command.entities.visibility).toBe('collaborative');
      expect(command.entities.assignee).toBeUndefined();
    }
  });

  it('reads "set it low" as a priority, "how much did X close" as revenue, and no CRM work in a battlecard', () => {
    expect(only('the Bob f/u isnt a priority rn, set it low').entities.priority).toBe('low');
    expect(only('how much did lena close last month').entities.metric).toBe('revenue');
    expect(
      only('add a team task: update the competitor battlecard by EOW').entities.category,
    ).toBeUndefined();
    expect(only('update the Acme contact records by EOD').entities.category).toBe('data_entry');
  });
});

describe('a task moved from one time to another', () => {
  it('takes the time it moves to', () => {
    expect(only('move my 3pm Acme prep to 4:30').entities).toMatchObject({
      dueDate: '2025-03-12T16:30:00-04:00',
      title: 'Acme prep',
    });
  });
});

describe('a task taken from one colleague and given to another', () => {
  it.each([
    ['take the Acme proposal off sam and give it to lena', 'Acme proposal'],
    ['move the Globex pilot prep from sam to lena', 'Globex pilot prep'],
    ['reassign the Hooli deck from sam to lena', 'Hooli deck'],
  ])('"%s" goes to the colleague it is given to', (text, title) => {
    expect(only(text)).toMatchObject({ intent: 'update_task', entities: { assignee: 'U0456DEF', title } });
  });
});

describe('who may see a task, said in passing', () => {
  it.each([
    ['call Bob tmrw, nobody else needs to see it', 'private'],
    ['prep the Hooli notes by fri, not for the team yet', 'private'],
    ['hide this one from everyone else: prep my Acme pricing notes', 'private'],
    ['unshare the Globex quote task', 'private'],
    ['[team] send Acme the deck monday', 'team'],
    ['visibility: team. send Hooli the recap', 'team'],
    ['make the Initech deck task public', 'team'],
    ['sam pls chase the Globex PO, keep it between you and me', 'collaborative'],
    ['reassign the Acme deck to sam, visible to me and him', 'collaborative'],
  ])('"%s" is %s', (text, visibility) => {
    expect(only(text).entities.visibility).toBe(visibility);
  });

  it.each([
    'send Jane the private pricing addendum by 2pm',
    'send the recap to their whole team at Initech',
    'book the private demo room for the Acme visit',
  ])('"%s" says nothing of who may see the task', (text) => {
    expect(only(text).entities.visibility).toBeUndefined();
  });

  it('colleagues who may see a task are not given it', () => {
    expect(
      only('pull usage numbers for Initech by thu, lena and sam should be able to see it'),
    ).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'collaborative', title: 'pull usage numbers for Initech' },
    });
    const shared = only('set up a task to send Bob the case study and let sam and lena see it too');
    expect(shared.entities).toMatchObject({ visibility: 'collaborative', title: 'send Bob the case study' });
    expect(shared.entities.assignee).toBeUndefined();
  });
});

describe('a change of who may see a named task, by its verb', () => {
  it.each([
    ['stop sharing the Hooli contacts task', 'private'],
    ['publish the Acme references task to the team', 'team'],
    ['restrict the Globex pricing task to me + sam', 'collaborative'],
  ])('"%s" is a change to %s', (text, visibility) => {
    expect(only(text)).toMatchObject({ intent: 'update_task', entities: { visibility } });
  });

  it('a task announced as private is a new one', () => {
    expect(only('keep this one private pls: look into why Hooli went quiet')).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'private', title: 'look into why Hooli went quiet' },
    });
  });
});

describe('who may see a task, in shorthand and with negations', () => {
  it.each([
    ['prep the renewal quote by 4/3 (mine only)', 'private'],
    ['send the summary to all attendees tmrw (visible teamwide)', 'team'],
    ['<@U0456DEF> pls send it to Jane by fri, vis=team', 'team'],
    ['task for sam: finalize the Acme SOW by 3/27, shared w/ me only (not the whole team)', 'collaborative'],
    ['hide this one from everyone else — prep my Hooli notes by thursday', 'private'],
  ])('"%s" is %s', (text, visibility) => {
    expect(only(text).entities.visibility).toBe(visibility);
  });

  it('"make it visible to the whole team" points back at its task', () => {
    expect(only('make it visible to the whole team')).toMatchObject({
      intent: 'update_task',
      refersBack: true,
      entities: { visibility: 'team' },
    });
  });
});

describe('who may see a task, said after it and before another command', () => {
  it('belongs to the task before', () => {
    const [task, reminder] = parseUnguarded(
      'need to prep the Acme qbr deck by mon, p2, just for me. remind me fri to start on the deck',
      testContext,
    ).commands;
    expect(task).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'private', priority: 'medium' },
    });
    expect(reminder?.intent).toBe('set_reminder');
    expect(reminder?.entities.visibility).toBeUndefined();
  });

  it("but a preamble of the task after it stays that task's", () => {
    const [first, second] = commands('send Bob the deck, share with sam and lena: review the Acme pricing');
    expect(first?.entities.visibility).toBeUndefined();
    expect(second?.entities).toMatchObject({ visibility: 'collaborative', title: 'review the Acme pricing' });
  });
});

describe('who may see a task, in more of its everyday forms', () => {
  it.each([
    ['f/u w/ Globex on the pilot tmrw, loop in sam so he can see it', 'create_task', 'collaborative'],
    ['open the Acme onboarding checklist up to the team', 'update_task', 'team'],
    ['add sam and lena as collaborators on the Hooli proposal task', 'update_task', 'collaborative'],
    ['clean up the Hooli contacts by fri, make it visible to the whole squad', 'create_task', 'team'],
    ['make the Acme f/u shared w lena instead of just me', 'update_task', 'collaborative'],
    [
      'new task (keep it between me and sam): figure out the Hooli comp split',
      'create_task',
      'collaborative',
    ],
  ])('"%s" is %s, %s', (text, intent, visibility) => {
    const command = only(text);
    expect(command).toMatchObject({ intent, entities: { visibility } });
    expect(command.entities.assignee).toBeUndefined();
  });
});

describe('what a task waits on', () => {
  it('is the status of the task just named, not a second change, and not whom it is for', () => {
    const { commands } = parseUnguarded('acme deck - stuck, waiting on lena for the numbers', testContext);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      intent: 'update_task',
      entities: { status: 'blocked', title: 'acme deck', customer: 'Acme Corp' },
    });
    expect(commands[0]!.entities.assignee).toBeUndefined();
  });

  it('still asks about the colleague in a question', () => {
    expect(parseUnguarded("what's blocked for lena?", testContext).commands[0]!.entities.assignee).toBe(
      'U0456DEF',
    );
  });
});

describe('a colleague named by a pronoun in a task change', () => {
  it('owns the task "her" names, which is not handed to her', () => {
    const [, change] = commands("Lena's overdue tasks? and move her acme demo prep to thurs");
    expect(change).toMatchObject({ intent: 'update_task', entities: { dueDate: '2025-03-13' } });
    expect(change!.entities.assignee).toBeUndefined();
  });

  it('is whom a task handed "to her" goes to', () => {
    expect(commands("what's on lena's plate? give the hooli f/u to her")[1]!.entities.assignee).toBe(
      'U0456DEF',
    );
  });
});
