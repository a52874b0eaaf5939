import { describe, expect, it } from '@jest/globals';
import { parseUnguarded } from './parse.js';
import { testContext } from './test-context.js';

const commands = (text: string) => parseUnguarded(text, testContext).commands;
const only = (text: string) => {
  const found = commands(text);
  expect(found.map((c) => c.intent)).toHaveLength(1);
  return found[0]!;
};

describe('who may see a task, said in words of the writer own', () => {
  it.each([
    ['task: send Bob the pricing by fri, nobody but me should see it', 'private'],
    ['add a task to call Jane tmrw. I want to be the only one who can view it', 'private'],
    ['task to review the Hooli MSA by monday, please do not show it to anyone else', 'private'],
    ['task to prep the Acme deck by thursday, keep it to myself', 'private'],
    ['task: draft the Initech proposal by fri, only lena and me should see it', 'collaborative'],
    ['task to email Priya the case study tmrw, just you and me', 'collaborative'],
    ['task to call Bob friday, me + sam only', 'collaborative'],
    ['task for me to send Jane the SOW by fri, and add lena as a viewer', 'collaborative'],
    ['task to book the Globex QBR by next week, viewable by the whole group', 'team'],
  ])('%s is %s', (text, visibility) => {
    expect(only(text)).toMatchObject({ intent: 'create_task', entities: { visibility } });
  });

  it('takes a colleague who only sees the task for no assignee', () => {
    const task = only('task to send Bob the quote tmrw and let lena and sam have access to it');
    expect(task.entities.visibility).toBe('collaborative');
    expect(task.entities.assignee).toBeUndefined();
    expect(task.entities.title).toBe('send Bob the quote');
  });

  it('keeps whom a task is for apart from who else sees it', () => {
    const task = only('@sam call Jane at Acme tmrw, only u and lena should see it');
    expect(task.entities).toMatchObject({ assignee: 'U0123ABC', visibility: 'collaborative' });
  });

  it('reads a change of who sees a task named before', () => {
    expect(only('the hooli msa task should be viewable by the whole group now')).toMatchObject({
      intent: 'update_task',
      entities: { visibility: 'team' },
    });
  });

  it.each([
    'task: go see Bob at Acme on friday',
    'ask sam to see whether Hooli wants a demo',
    'task to send Jane the deck so I can see her notes',
    'task: book the Globex review so nobody double-books the room',
    'task to share the Acme access codes with Bob by fri',
  ])('%s says nothing of who sees it', (text) => {
    expect(commands(text).map((c) => c.entities.visibility)).toEqual(commands(text).map(() => undefined));
  });

  it.each([
    ['switch the hooli msa task from private to team-wide', 'team'],
    ['acme deck task: team -> private', 'private'],
  ])('reads the flag a task gets, not the one it had: %s', (text, visibility) => {
    expect(only(text)).toMatchObject({ intent: 'update_task', entities: { visibility } });
  });

  it.each([
    ['keep the acme deck task to myself', 'private'],
    ['keep the hooli msa task between me, sam and lena', 'collaborative'],
    ['lena + sam should both be able to see the hooli msa task', 'collaborative'],
  ])('reads a change of who sees a task it names: %s', (text, visibility) => {
    expect(only(text)).toMatchObject({ intent: 'update_task', entities: { visibility } });
  });

  it('reads a colleague named after "sharing this one with"', () => {
    expect(
      only('@sam set up a call with Jane next week. sharing this one with lena too').entities,
    ).toMatchObject({
      assignee: 'U0123ABC',
      visibility: 'collaborative',
    });
  });

  it.each([
    ['task to prep the Hooli renewal numbers by fri, mgmt only', 'private'],
    ['manager-only task: go over the Globex discount', 'private'],
    ['task to draft the Initech counter-offer, visible to my manager', 'private'],
    ['task to send Bob the margin sheet, keep it hidden', 'private'],
    ['🔐 call Priya about the Umbrella budget tmrw', 'private'],
    ["task to check the Stark contract, don't put it on the board", 'private'],
    ['keep between me n lena: call Jane about the Acme budget cut', 'collaborative'],
    ['Globex QBR prep, due fri - shared between sam, lena and me', 'collaborative'],
  ])('%s is %s', (text, visibility) => {
    expect(only(text)).toMatchObject({ intent: 'create_task', entities: { visibility } });
  });

  it.each([
    ['hide the globex discount task', 'private'],
    ['unhide the globex discount task', 'team'],
    ["don't let the team see the globex discount task", 'private'],
    ['open the globex discount task to the team', 'team'],
    ['sam needs to see the globex discount task too', 'collaborative'],
  ])('reads a change of a task it names by its verb or who sees it: %s', (text, visibility) => {
    expect(only(text)).toMatchObject({
      intent: 'update_task',
      entities: { visibility, title: 'globex discount' },
    });
  });

  it('keeps a compound of the team and a word of seeing to itself ("a team-visible task" for sam is his)', () => {
    expect(only('give sam a team-visible task to send the Hooli order form by fri').entities).toMatchObject({
      assignee: 'U0123ABC',
      visibility: 'team',
    });
  });

  it('reads the work asked for after an audience said inside the ask', () => {
    expect(
      only('give me a task, only for me to see, to do a Globex loss review by fri').entities,
    ).toMatchObject({
      visibility: 'private',
      title: 'do a Globex loss review',
      dueDate: '2025-03-14',
    });
  });

  it.each([
    ['only lena and me pls: rework the Hooli discount tiers by thurs', 'collaborative'],
    ['keep between me n sam: call Bob about the Globex budget cut, tmrw', 'collaborative'],
    ['confidential task pls - look up the new Initech CFO on linkedin', 'private'],
  ])('reads the task after who may see it, said first: %s', (text, visibility) => {
    const task = only(text);
    expect(task).toMatchObject({ intent: 'create_task', entities: { visibility } });
    expect(task.entities.assignee).toBeUndefined();
    expect(task.entities.title).not.toMatch(/\b(?:only|between|pls|task)\b/);
  });

  it('does not read sharing a thing with the team, asked of a colleague, as who sees the task', () => {
    expect(only('@sam pls share the q2 forecast w/ the team by eod')).toMatchObject({
      intent: 'create_task',
      entities: { assignee: 'U0123ABC', dueDate: '2025-03-12' },
    });
    expect(only('@sam pls share the q2 forecast w/ the team by eod').entities.visibility).toBeUndefined();
  });

  it.each([
    'remind me to call Bob back tomorrow at 9, private',
    'remind me to chase Hooli monday - keep it private',
    'remind me to review the Globex forecast before thursday 🔒',
  ])('reads who may see a reminder (a task of the writer own): %s', (text) => {
    expect(only(text)).toMatchObject({ intent: 'set_reminder', entities: { visibility: 'private' } });
  });

  it('does not read a hyphenated word as the lead of a date ("the add-on by thursday")', () => {
    expect(only('follow up with Acme on the add-on by thursday').entities).toMatchObject({
      title: 'follow up with Acme on the add-on',
      dueDate: '2025-03-13',
    });
  });

  it('does not turn a question about who sees a task into a change', () => {
    expect(commands('is the hooli msa task viewable by the whole team?').map((c) => c.intent)).not.toContain(
      'update_task',
    );
  });
});

describe('who may see a task, from working sets aa and ab (session of 2026-12-06)', () => {
  it.each([
    ['todo: chase Carlos for the NDA by fri. dont broadcast this one', 'private'],
    ["keep it off the shared list: review Vandelay's credit terms by the 18th", 'private'],
    ['2do (priv): update dunder mifflin contacts in crm by EOD', 'private'],
    ['priv todo - look into why Soylent went dark, by thurs', 'private'],
    ['only me: draft apology email to Priya Patel re the delayed shipment, asap', 'private'],
    ['task: f/u w/ wei chen re hooli pricing tmrw, team vis', 'team'],
    ['lena shld see this: f/u with Bob Smith friday', 'collaborative'],
  ])('%s is %s', (text, visibility) => {
    expect(only(text)).toMatchObject({ intent: 'create_task', entities: { visibility } });
  });

  it.each([
    ['hide it', 'private'],
    ['actually hide it again', 'private'],
    ['ok now hide it', 'private'],
    ['unhide it', 'team'],
  ])('reads "%s" as a change of the task before, %s, sure enough to act on', (text, visibility) => {
    const change = only(text);
    expect(change).toMatchObject({ intent: 'update_task', entities: { visibility } });
    expect(change.entities.title).toBeUndefined();
    expect(change.confidence).toBeGreaterThanOrEqual(0.75);
  });

  it('reads a quoted task made visible to colleagues as a change of that task', () => {
    expect(only('make "call bob re discount" visible to sam and lena')).toMatchObject({
      intent: 'update_task',
      entities: { title: 'call bob re discount', visibility: 'collaborative' },
    });
  });

  it('takes the task after the colon that closes who may see it, not the words before', () => {
    expect(
      only('creating this for myself but lena and sam should see it: prep the QBR deck').entities,
    ).toMatchObject({
      title: 'prep the QBR deck',
      visibility: 'collaborative',
    });
  });

  it('keeps a task shared with me apart from one only I see', () => {
    expect(only('task for sam: finalize the stark SOW by 3/27, shared w/ me only').entities.visibility).toBe(
      'collaborative',
    );
  });
});

describe('who may see a task, said before it or by its verb (working set aa)', () => {
  it('reads a task after "i want this to be visible to the team:" as a task, not a log', () => {
    expect(only('i want this to be visible to the team: demo Hooli the new module thurs 2pm')).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'team', dueDate: '2025-03-13T14:00:00-04:00' },
    });
    expect(only('team-visible note on initech: procurement wants 3 references before signing').intent).toBe(
      'log_interaction',
    );
  });

  it('opens a task the writer unhides or opens up, whatever it is called', () => {
    expect(only('unhide the umbrella health sso checklist so the team can use it')).toMatchObject({
      intent: 'update_task',
      entities: { visibility: 'team', title: 'umbrella health sso checklist' },
    });
    expect(only('open up the Hooli rollout plan to the team and set it to in progress')).toMatchObject({
      intent: 'update_task',
      entities: { visibility: 'team', status: 'in_progress', title: 'Hooli rollout plan' },
    });
  });

  it('does not read a word of English as a typo of a word of seeing ("unblock" is no "unlock")', () => {
    expect(only('unblock the hooli questionnaire, working on it again').entities.visibility).toBeUndefined();
  });

  it('does not read a private thing of the customer as who may see the task', () => {
    expect(commands('Hooli wants a private instance, new opp 120k').some((c) => c.entities.visibility)).toBe(
      false,
    );
  });
});

describe('who may see a task, in more everyday words (working sets aa and ab)', () => {
  it.each([
    ['make a task visible to all of us to review the lost deals on friday', 'team'],
    [
      'sam, please put together a case study on Initech by friday. Please keep it visible to the whole sales team',
      'team',
    ],
    ['new task for me, p1: prepare the demo for Hooli on tuesday. Lena also must see it.', 'collaborative'],
    [
      'Sam, kindly send the revised quote to Bob at Acme today. No need to share this with the rest of the team.',
      'private',
    ],
  ])('%s is %s', (text, visibility) => {
    expect(only(text)).toMatchObject({ intent: 'create_task', entities: { visibility } });
  });

  it('keeps a colleague who must see a task apart from whom it is for', () => {
    expect(
      only('new task for me, p1: prepare the demo for Hooli on tuesday. Lena also must see it.').entities
        .assignee,
    ).toBeUndefined();
  });
});

describe('"between us" on a task given to a colleague', () => {
  it('is that colleague and me', () => {
    expect(
      only('<@U0123ABC> call Jane at Acme re pricing tomorrow. private between us pls').entities,
    ).toMatchObject({
      assignee: 'U0123ABC',
      visibility: 'collaborative',
    });
  });

  it('is still private on a task of my own', () => {
    expect(only('call bob tmrw, keep it between us').entities.visibility).toBe('private');
  });
});

describe('who may see a task, said in passing (working set ac)', () => {
  it.each([
    [
      'new task for me, not public: review the Hooli renewal terms',
      'private',
      'review the Hooli renewal terms',
    ],
    ['task: call Jane re pricing fri. hidden from everyone pls', 'private', 'call Jane re pricing'],
    ['task: draft the Globex plan, loop lena in', 'collaborative', 'draft the Globex plan'],
    [
      'task: send Bob the deck by fri. share it with lena and sam as well',
      'collaborative',
      'send Bob the deck',
    ],
    ['clean up the Acme contacts by fri #teamvisible', 'team', 'clean up the Acme contacts'],
    ['task: chase the Stark PO tmrw, keep it off the team board', 'private', 'chase the Stark PO'],
    [
      'task: book the Initech QBR, shared with sam since he owns the account',
      'collaborative',
      'book the Initech QBR',
    ],
  ])('%s is one %s task', (text, visibility, title) => {
    const task = only(text);
    expect(task).toMatchObject({ intent: 'create_task', entities: { visibility } });
    expect(task.entities.title).toBe(title);
    expect(task.entities.assignee).toBeUndefined();
  });

  it.each([
    ['make the acme deck task me-only', 'private'],
    ['share that one with raj too', 'collaborative'],
    ['could you make that one visible only to me and my manager', 'private'],
  ])('%s changes who sees a task named before', (text, visibility) => {
    const change = only(text);
    expect(change).toMatchObject({ intent: 'update_task', entities: { visibility } });
    expect(change.entities.assignee).toBeUndefined();
  });

  it('reads "oops forgot:" as something added, not an undo', () => {
    expect(only('oops forgot: the hooli follow up i just added should be private')).toMatchObject({
      intent: 'update_task',
      entities: { visibility: 'private', title: 'hooli follow up i just added' },
    });
  });

  it('gives "the last one" no title: it points at the task', () => {
    const change = only('open the last one up to the whole team');
    expect(change).toMatchObject({ intent: 'update_task', entities: { visibility: 'team' } });
    expect(change.entities.title).toBeUndefined();
  });

  it.each([
    ['<@U0456DEF> prep the Stark demo for fri — shared with me, nobody else'],
    ['@lena call Bob about the invoice tmrw, loop me in'],
  ])('reads me beside the colleague a task is for as both of us: %s', (text) => {
    expect(only(text)).toMatchObject({
      intent: 'create_task',
      entities: { assignee: 'U0456DEF', visibility: 'collaborative' },
    });
  });

  it('keeps a list of people after "and" in one clause, the sentence after it apart', () => {
    const found = commands(
      "task: prep the Hooli QBR deck by fri, share w/ lena and sam. also what's the weather like?",
    );
    expect(found.map((c) => c.intent)).toEqual(['create_task', 'unknown']);
    expect(found[0]!.entities).toMatchObject({
      visibility: 'collaborative',
      title: 'prep the Hooli QBR deck',
    });
  });

  it('keeps "hidden from the team:" out of the title of the task it opens', () => {
    expect(only('hidden from the team: review the Q1 pricing by mon').entities).toMatchObject({
      visibility: 'private',
      title: 'review the Q1 pricing',
    });
  });

  it('does not read "the public case study" as who sees the task', () => {
    expect(only('send Priya the public case study by fri').entities.visibility).toBeUndefined();
  });
});

describe('who may see several tasks, said once of them all (working set ad)', () => {
  it.each([
    '<at>Sam Rivera</at> please call Jane by Thursday, and <at>Lena Park</at> please prep the Hooli deck by Monday. Both tasks should be visible to the team.',
    '<@U0123ABC> call jane re acme + <@U0456DEF> send bob the deck, both by fri, team can see both',
  ])('gives every task the audience: %s', (text) => {
    const found = commands(text);
    expect(found.map((c) => [c.intent, c.entities.visibility])).toEqual([
      ['create_task', 'team'],
      ['create_task', 'team'],
    ]);
  });

  it('reads "loop in <colleague>" as who sees the task, but not as the work of a reminder', () => {
    expect(only('reopen the hooli f/u, due fri, loop in <@U0456DEF> on it').entities.visibility).toBe(
      'collaborative',
    );
    expect(only('remind me fri to loop in lena on the Acme renewal').entities.visibility).toBeUndefined();
  });

  it('reads "share the task with me" on a colleague task as both of us', () => {
    expect(
      only('<at>Sam Rivera</at> please call Jane by Thursday and share the task with me.').entities,
    ).toMatchObject({
      assignee: 'U0123ABC',
      visibility: 'collaborative',
    });
  });
});

describe('who may see a task, as working sets ae and af say it', () => {
  it.each([
    ['cc sam and lena on the Hooli onboarding plan task', 'Hooli onboarding plan'],
    ['cc <@U0456DEF> on my Umbrella pricing f/u', 'Umbrella pricing follow up'],
    ['loop in sam on the acme deck task', 'acme deck'],
  ])('reads "cc <colleague> on <a task>" as sharing it: %s', (text, title) => {
    const change = only(text);
    expect(change).toMatchObject({ intent: 'update_task', entities: { visibility: 'collaborative', title } });
    expect(change.entities.assignee).toBeUndefined();
  });

  it.each([
    ['#private call Jane tmrw re churn risk', 'private', 'call Jane re churn risk'],
    ['#teamvisible call Jane tmrw re churn risk', 'team', 'call Jane re churn risk'],
    ['call jane tmrw #team', 'team', 'call jane'],
  ])('reads a hashtag as who may see the task: %s', (text, visibility, title) => {
    expect(only(text).entities).toMatchObject({ visibility, title });
  });

  it('keeps a greeting out of the title and out of who may see the task', () => {
    expect(
      only(
        'Good morning. <at>Sam Rivera</at>, please prepare the Acme Renewal 2025 proposal by March 20th and keep it just between us until pricing is approved.',
      ).entities,
    ).toMatchObject({
      assignee: 'U0123ABC',
      visibility: 'collaborative',
      title: 'prepare the Acme Renewal 2025 proposal',
    });
    expect(
      only('Hello everyone. <at>Sam Rivera</at>, please send the updated MSA to Olga by tomorrow at noon.')
        .entities.visibility,
    ).toBeUndefined();
  });

  it('reads "share this task with <colleague> as well, since ..." as whom it is shared with, not for', () => {
    expect(
      only(
        '<at>Sam Rivera</at>, please send the MSA to Jane by tomorrow. Please share this task with <at>Lena Park</at> as well, since she drafted the original.',
      ).entities,
    ).toMatchObject({ assignee: 'U0123ABC', visibility: 'collaborative', title: 'send the MSA to Jane' });
  });

  it('reads a task opened by "shared task w/ <colleagues>:" as theirs to see, not to own', () => {
    const task = only('shared task w/ <@U0123ABC> and <@U0456DEF>: build the Globex pricing model by 3/19');
    expect(task.entities).toMatchObject({
      visibility: 'collaborative',
      title: 'build the Globex pricing model',
    });
    expect(task.entities.assignee).toBeUndefined();
    // ("make a shared task with Lena to ..." makes it with Lena.)
    expect(only('make a shared task with Lena to plan the Hooli QBR').entities.assignee).toBe('U0456DEF');
  });
});

describe('who may see a task, said before it, after it or of one named before (working set ae)', () => {
  it('reads "only i should see this — <task>" as said of the task after the dash', () => {
    expect(only('only i should see this — prep the Acme exec briefing by thu 3pm').entities).toMatchObject({
      visibility: 'private',
      title: 'prep the Acme exec briefing',
    });
  });

  it('reads a change of a record after "everyone should be able to see this one:" as the task of making it', () => {
    expect(
      only('everyone should be able to see this one: update all Q1 closed-won amounts in Closer by 3/31'),
    ).toMatchObject({ intent: 'create_task', entities: { visibility: 'team', dueDate: '2025-03-31' } });
  });

  it('reads "don\'t make that visible to the team — keep it to me" as a change to the task before', () => {
    expect(only("actually, don't make that visible to the team — keep it to me")).toMatchObject({
      intent: 'update_task',
      entities: { visibility: 'private' },
    });
  });

  it('reads "<task> — can we make that visible to the whole team?" as a request, not a question', () => {
    expect(only('the Hooli exec call prep — can we make that visible to the whole team?')).toMatchObject({
      intent: 'update_task',
      entities: { visibility: 'team', title: 'Hooli exec call prep' },
    });
  });
});

describe('who may see a task, in the words of working sets ae and af (2)', () => {
  it.each([
    [
      '<at>Sam Rivera</at>, please schedule the Acme legal review by next Wednesday and open it up to the full team.',
      'team',
    ],
    ['send Jane a pilot proposal by 3/21, FYI team — putting it on the board for visibility', 'team'],
    ['create a task to read the Acme account history by Friday, just for my own reference.', 'private'],
    ['sam pls do the Hooli renewal forecast by the 24th, only visible to u and me', 'collaborative'],
  ])('%s is %s', (text, visibility) => {
    expect(only(text)).toMatchObject({ intent: 'create_task', entities: { visibility } });
  });

  it('does not read "a private workshop" as who may see the task', () => {
    expect(only('set up a private workshop w/ Jane at Acme next week').entities.visibility).toBeUndefined();
  });

  it('reads "could <at>Sam</at> also get access to <task>, please?" as a request to share it', () => {
    const change = only('Could <at>Sam Rivera</at> also get access to the Umbrella pricing task, please?');
    expect(change).toMatchObject({
      intent: 'update_task',
      entities: { visibility: 'collaborative', title: 'Umbrella pricing' },
    });
    expect(change.entities.assignee).toBeUndefined();
  });

  it('reads work with a deadline that only some may see as a task, not a question', () => {
    expect(only('pull usage stats for the Acme QBR, EOW. only me + my mgr should see it')).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'private', title: 'pull usage stats for the Acme QBR', dueDate: '2025-03-14' },
    });
  });
});

describe('who may see a task named by its words, shared or locked (train)', () => {
  it('reads "share the <thing> with <colleagues>" as sharing that task, and "with <contact>" as none', () => {
    const change = only('could you share the acme pilot checklist with sam and lena?');
    expect(change).toMatchObject({ intent: 'update_task', entities: { visibility: 'collaborative' } });
    expect(change.entities.assignee).toBeUndefined();
    expect(only('share the deck with Bob tmrw').entities.visibility).toBeUndefined();
  });

  it('reads "I\'d rather <task> not be visible to the team. Can we lock it to me?" as a request', () => {
    expect(
      only("I'd rather the Hooli escalation not be visible to the team. Can we lock it to me?"),
    ).toMatchObject({
      intent: 'update_task',
      entities: { visibility: 'private', title: 'Hooli escalation' },
    });
  });
});

describe('who may see a task, in the words of working set ag', () => {
  it.each([
    ['That Globex pilot task — team. Now.', 'team'],
    ['make the hooli upgrade task a team one', 'team'],
    ['Nobody but me sees the Umbrella churn-risk task. Fix it.', 'private'],
    ['that last one i made should be visible to everyone on the team not just me', 'team'],
    [
      "Please switch the Stark legal review task back to private. I opened it up to the team last week by mistake, and it has notes that really shouldn't be visible to everyone.",
      'private',
    ],
    [
      'Sorry to bother — would it be ok to make my Hooli follow-up visible to the rest of the team? Thanks so much',
      'team',
    ],
    ['is possible to hide my last task from the others? only I want to see', 'private'],
  ])('%s changes the task to %s', (text, visibility) => {
    expect(only(text)).toMatchObject({ intent: 'update_task', entities: { visibility } });
  });

  it.each([
    [
      'Spin up a task to socialize the Q2 pricing changes with Stark by EOW — need-to-know basis, so it stays with me.',
      'private',
    ],
    ['Umbrella call. Went badly. New task: escalate to their VP. Tmrw. Team.', 'team'],
  ])('%s makes a %s task', (text, visibility) => {
    expect(commands(text).find((c) => c.intent === 'create_task')?.entities.visibility).toBe(visibility);
  });

  it('reads news said after "visible to everyone now:" as news, not a task', () => {
    expect(only('visible to everyone now: we won Acme renewal 2025 at 85k!!')).toMatchObject({
      intent: 'update_opportunity',
      entities: { stage: 'Won' },
    });
  });
});

describe('whom a change of who may see a task is for, and corrections of it (working set ag)', () => {
  it('hands a task to no one when only who may see it changes', () => {
    for (const text of [
      'Since Sam is helping me with the Acme security review, please share the Acme review task with him; nobody else needs it.',
      'share the Initech renewal task w/ Lena — sorry, w/ the whole team, not just Lena',
    ]) {
      const change = only(text);
      expect(change.intent).toBe('update_task');
      expect(change.entities.assignee).toBeUndefined();
    }
    // (A change that says whom it goes to still hands it over.)
    expect(only('give sam the hooli follow up, keep it collaborative, due tmrw').entities.assignee).toBe(
      'U0123ABC',
    );
  });

  it('gives "keep both private" to both tasks before it', () => {
    expect(
      commands('Sam: demo for Hooli on Tue. Lena: pricing sheet for Hooli by Mon. Keep both private.').map(
        (c) => c.entities.visibility,
      ),
    ).toEqual(['private', 'private']);
  });

  it('reads "scratch that, just me" as a correction of the task, not an undo', () => {
    expect(
      commands(
        'new task: send Jane the pricing deck by Thursday, team visible... actually scratch that, just me',
      ),
    ).toEqual([
      expect.objectContaining({
        intent: 'create_task',
        entities: expect.objectContaining({ visibility: 'private' }),
      }),
    ]);
    expect(commands('log a call with bob. scratch that').map((c) => c.intent)).toEqual([
      'log_interaction',
      'undo',
    ]);
  });
});

describe('who may see several tasks, and requests said politely (working set ag, 2)', () => {
  it('gives "— all three as team tasks, due Friday" to all three tasks', () => {
    const found = commands(
      '<@U0123ABC> call Acme about the renewal, <@U0456DEF> send Globex the pilot recap, <@U0123ABC> update the Hooli opp notes — all three as team tasks, due Friday',
    );
    expect(found.map((c) => [c.entities.visibility, c.entities.dueDate])).toEqual([
      ['team', '2025-03-14'],
      ['team', '2025-03-14'],
      ['team', '2025-03-14'],
    ]);
  });

  it('reads "may I ask you to log ... and then create a task ..., shared with Sam please?" as requests', () => {
    expect(
      commands(
        'Hello, may I ask you to log my call with Jane from Acme (went well) and then create a task to send Jane the SOC2 report by Monday, shared with Sam please?',
      ).map((c) => [c.intent, c.entities.visibility]),
    ).toEqual([
      ['log_interaction', undefined],
      ['create_task', 'collaborative'],
    ]);
  });

  it('reads "make task to ..., and give the visibility to whole team" as a new team task', () => {
    expect(
      only('make task to send Jane the contract for Monday and give the visibility to whole team'),
    ).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'team', title: 'send Jane the contract' },
    });
  });

  it('does not read "share of wallet" as work to share', () => {
    expect(
      commands('share of wallet at Hooli keeps growing, bump the Hooli deal to 120k').map((c) => c.intent),
    ).toEqual(['update_opportunity']);
  });
});

describe('who may see a task, in the words of working set ah', () => {
  it.each([
    ['<@U0456DEF> call bob smith @ acme tmrw, btwn us', 'collaborative'],
    ['hooli - jane called back re sow 👍 / send jane the sow tmrw noon, personal', 'private'],
    [
      'adding a task to send Jane the checklist by thursday, posting it for all of sales to see because implementation needs it',
      'team',
    ],
    [
      'making a task to send Jane our rollout plan by fri, and looping in Sam on it since he ran their pilot',
      'collaborative',
    ],
    [
      '<at>Sam Rivera</at>, please set up a training session for Umbrella Health by March 21. Make it open to the entire sales team.',
      'team',
    ],
    [
      'task: send Stark the security whitepaper by thu, team can see it... actually no, just me and sam',
      'collaborative',
    ],
  ])('%s is %s', (text, visibility) => {
    const task = commands(text).find((c) => c.intent === 'create_task');
    expect(task?.entities.visibility).toBe(visibility);
  });

  it('takes no viewer named in a correction for the assignee', () => {
    expect(
      only('task: send Stark the security whitepaper by thu, team can see it... actually no, just me and sam')
        .entities.assignee,
    ).toBeUndefined();
  });

  it('reads whom a task is locked to before why ("... shouldn\'t be on the team board")', () => {
    expect(
      only(
        "can you lock the Acme security answers task down to just me and Sam? it has our pen test results in it and shouldn't be on the team board",
      ).entities.visibility,
    ).toBe('collaborative');
  });

  it('corrects who may see a task after "hmm no,"', () => {
    expect(only('make the hooli quote task team-visible. hmm no, only lena and me').entities.visibility).toBe(
      'collaborative',
    );
  });

  it('keeps a possessive on a Teams mention ("<at>Lena Park</at>\'s Q2 goal")', () => {
    expect(only("Set <at>Lena Park</at>'s Q2 goal at 250k in closed revenue.")).toMatchObject({
      intent: 'set_goal',
      entities: { assignee: 'U0456DEF', target: 250000 },
    });
  });
});
