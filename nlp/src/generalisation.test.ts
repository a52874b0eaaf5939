import { describe, expect, it } from '@jest/globals';
import { correctWord } from './learned/spelling.js';
import { classifyByRules } from './intents.js';
import { english } from './lexicon/index.js';
import { parseUnguarded } from './parse.js';
import { READ_ONLY } from './slots.js';
import { testContext } from './test-context.js';
import type { Intent } from './types.js';

const parsed = (text: string) => parseUnguarded(text, testContext).commands;
const intents = (text: string): Intent[] => parsed(text).map((c) => c.intent);
const only = (text: string) => {
  const { commands } = parseUnguarded(text, testContext);
  expect(commands).toHaveLength(1);
  return commands[0]!;
};

describe('a preamble before the command', () => {
  it.each([
    ['urgent: call Bob tomorrow', 'create_task'],
    ['fyi - emailed Priya the pricing', 'log_interaction'],
    ['quick one: Hooli -> negotiation', 'update_opportunity'],
    ['- call Bob tomorrow', 'create_task'],
  ])('%s reads as %s', (text, intent) => {
    expect(intents(text)).toEqual([intent]);
  });

  it('keeps what the preamble says', () => {
    expect(only('urgent: call Bob tomorrow').entities).toMatchObject({
      priority: 'high',
      contact: 'Bob Smith',
    });
  });
});

describe('a status for a verb', () => {
  it('reads each item of a status list as its own command', () => {
    const { commands } = parseUnguarded(
      'Initech follow up: in progress. Hooli quote: 25%. Acme deck: done',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities])).toEqual([
      ['update_task', expect.objectContaining({ status: 'in_progress' })],
      ['update_task', expect.objectContaining({ progress: 25 })],
      ['complete_task', expect.objectContaining({ title: 'Acme deck' })],
    ]);
  });

  it('reads reopening and half done as updates, not completions', () => {
    expect(only('reopen the Acme proposal task')).toMatchObject({
      intent: 'update_task',
      entities: { status: 'todo' },
    });
    expect(only('Hooli deck is 50% done')).toMatchObject({
      intent: 'update_task',
      entities: { progress: 50 },
    });
  });
});

describe('several commands of one kind', () => {
  it('splits tasks for different colleagues, each in its own sentence', () => {
    const { commands } = parseUnguarded(
      'sam - Initech quote by the 20th, high pri. lena - Initech meeting prep by the 19th',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.assignee, c.entities.dueDate])).toEqual([
      ['create_task', 'U0123ABC', '2025-03-20'],
      ['create_task', 'U0456DEF', '2025-03-19'],
    ]);
  });

  it('repeats a reminder for a clause with a new time and no verb of its own', () => {
    const { commands } = parseUnguarded(
      'remind me at 1pm to call Bob, and at 3pm to call Priya',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.remindAt, c.entities.contact])).toEqual([
      ['set_reminder', '2025-03-12T13:00:00-04:00', 'Bob Smith'],
      ['set_reminder', '2025-03-12T15:00:00-04:00', 'Priya Patel'],
    ]);
  });

  it('gives an address ("Sam,") to the request after it, not a command of its own', () => {
    expect(only('Sam, please book the deep dive with Initech next week')).toMatchObject({
      intent: 'create_task',
      entities: { assignee: 'U0123ABC', customer: 'Initech' },
    });
  });

  it('gives a task announcement to the task after it', () => {
    expect(only('add a task - clean up the Hooli contacts in the CRM, low pri')).toMatchObject({
      intent: 'create_task',
      entities: { category: 'data_entry', priority: 'low', customer: 'Hooli' },
    });
  });
});

describe('a note in fragments', () => {
  it('reads "Jane Doe, Acme, 30 min, call" as one logged call', () => {
    expect(only('Jane Doe, Acme, 30 min, call')).toMatchObject({
      intent: 'log_interaction',
      entities: { contact: 'Jane Doe', customer: 'Acme Corp', interactionType: 'call', durationMinutes: 30 },
    });
  });

  it('while a list of short commands is still a list', () => {
    expect(intents('call Bob, send deck, book demo')).toEqual(['create_task', 'create_task', 'create_task']);
  });

  it('how it went among the fragments is detail, not a command ("..., call, went well")', () => {
    expect(only('Jane Doe, Acme, 30 min, call, went well')).toMatchObject({
      intent: 'log_interaction',
      entities: { interactionType: 'call', outcome: 'positive', durationMinutes: 30 },
    });
  });

  it('"fyi:" before a logged call announces the call: it is no note', () => {
    expect(only('fyi: had a cal w/ Bob Smith').entities).toEqual({
      contact: 'Bob Smith',
      interactionType: 'call',
    });
  });

  it('and "fyi:" before a statement logs it as a note', () => {
    expect(only("fyi: Initech's CFO is leaving next month")).toMatchObject({
      intent: 'log_interaction',
      entities: { interactionType: 'note', customer: 'Initech' },
    });
  });
});

describe('task shorthand', () => {
  it('a task verb over "contacts for <customer>" is work to do, not a question about them', () => {
    expect(only('team task: clean up duplicate contacts for Globex in the CRM by EOW')).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'team', customer: 'Globex' },
    });
  });

  it('a bare priority among the fragments ("..., low") is the priority', () => {
    expect(only('assign lena: verify billing contacts for Hooli, low')).toMatchObject({
      intent: 'create_task',
      entities: { assignee: 'U0456DEF', priority: 'low' },
    });
  });

  it('"<customer> note:" is a note on the customer', () => {
    expect(only('initech note: procurement wants 3 quotes before signing')).toMatchObject({
      intent: 'log_interaction',
      entities: {
        customer: 'Initech',
        interactionType: 'note',
        summary: 'procurement wants 3 quotes before signing',
      },
    });
  });
});

describe("another customer's piece of work, joined by 'and'", () => {
  it('is a command of its own when it has its own date', () => {
    const { commands } = parseUnguarded(
      'push the Hooli deck to friday and move the Acme quote to monday',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.customer, c.entities.dueDate])).toEqual([
      ['update_task', 'Hooli', '2025-03-14'],
      ['update_task', 'Acme Corp', '2025-03-17'],
    ]);
  });
});

describe('one verb over a list of records', () => {
  const commands = (text: string) =>
    parseUnguarded(text, testContext).commands.map((c) => [c.intent, c.entities.customer, c.entities.stage]);

  it('is one command per record, each with what the verb says of all', () => {
    expect(commands('moved acme and globex to negotiation')).toEqual([
      ['update_opportunity', 'Acme Corp', 'Negotiation'],
      ['update_opportunity', 'Globex', 'Negotiation'],
    ]);
    expect(commands('knocked out the Hooli SOW and the Initech pricing task')).toEqual([
      ['complete_task', 'Hooli', undefined],
      ['complete_task', 'Initech', undefined],
    ]);
  });

  it('a count of calls told, then the customers ("logged 3 calls today: Globex, Initech and Hooli")', () => {
    expect(commands('logged 3 calls today: Globex, Initech and Hooli')).toEqual([
      ['log_interaction', 'Globex', undefined],
      ['log_interaction', 'Initech', undefined],
      ['log_interaction', 'Hooli', undefined],
    ]);
    expect(intents('how many calls did I make today')).toEqual(['query_performance']);
  });

  it('but two clauses with their own predicates are no list', () => {
    const { commands: parsed } = parseUnguarded('Acme proposal is 50% done, Globex numbers ✅', testContext);
    expect(parsed[0]!.entities).toMatchObject({ customer: 'Acme Corp', progress: 50 });
    expect(parsed.slice(1).every((c) => c.entities.progress === undefined)).toBe(true);
  });

  it('calls and emails to a list of people are one each', () => {
    const { commands: parsed } = parseUnguarded(
      'pls log calls w/ jane, bob and priya, all voicemails',
      testContext,
    );
    expect(parsed.map((c) => [c.intent, c.entities.contact, c.entities.interactionType])).toEqual([
      ['log_interaction', 'Jane Doe', 'call'],
      ['log_interaction', 'Bob Smith', 'call'],
      ['log_interaction', 'Priya Patel', 'call'],
    ]);
  });

  it('while one meeting with two people at one customer is one meeting', () => {
    expect(commands('met Bob and Priya at Initech')).toEqual([['log_interaction', 'Initech', undefined]]);
  });
});

describe('two questions in one message', () => {
  it('are two when the second has its own question word', () => {
    const { commands } = parseUnguarded('who owns acme and who owns globex?', testContext);
    expect(commands.map((c) => [c.intent, c.entities.customer])).toEqual([
      ['query_customer', 'Acme Corp'],
      ['query_customer', 'Globex'],
    ]);
  });

  it('and a second that points back asks about the same customer', () => {
    const { commands } = parseUnguarded('who owns acme and is it in negotiation?', testContext);
    expect(commands.map((c) => c.entities.customer)).toEqual(['Acme Corp', 'Acme Corp']);
  });

  it('while a two-word afterthought asks the same thing', () => {
    expect(intents('who is bob smith again, which company')).toEqual(['query_customer']);
  });
});

describe('work for several colleagues', () => {
  it("is a task each, even when the second points back at the first one's customer", () => {
    const { commands } = parseUnguarded(
      'sam: call acme re the renewal tmrw. lena: send them the updated quote',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.assignee, c.entities.customer])).toEqual([
      ['create_task', 'U0123ABC', 'Acme Corp'],
      ['create_task', 'U0456DEF', 'Acme Corp'],
    ]);
  });
});

describe('a deal change after the interaction that caused it', () => {
  it.each([
    ['hooli demo w/ bob went great 🔥 bumping to qualified', 'Qualified'],
    [
      "globex call went sideways - they're looking at competitors. dropping to 20k, stage qualified",
      'Qualified',
    ],
    ['call w/ jane doe (acme) re pricing, 25 min. she is not sold yet, so back to qualified', 'Qualified'],
  ])('%s', (text, stage) => {
    const { commands } = parseUnguarded(text, testContext);
    expect(commands.map((c) => c.intent)).toEqual(['log_interaction', 'update_opportunity']);
    expect(commands[1]!.entities.stage).toBe(stage);
  });
});

describe('durations', () => {
  it('"this am" is the morning, not a minute', () => {
    expect(only('emailed bob this am').entities.durationMinutes).toBeUndefined();
    expect(only('call w/ bob, 30m').entities.durationMinutes).toBe(30);
    expect(only('an hour-long meeting with Jane').entities.durationMinutes).toBe(60);
  });
});

describe('a deal names its customer', () => {
  const deals = {
    ...testContext,
    known: { ...testContext.known, opportunities: ['Globex Pilot', 'Acme Renewal 2025', 'Project Phoenix'] },
  };
  const one = (text: string, context = deals) => parseUnguarded(text, context).commands[0]!;

  it('the customer its name opens with', () => {
    expect(one('move the Globex pilot to negotiation').entities).toMatchObject({
      opportunity: 'Globex Pilot',
      customer: 'Globex',
    });
  });

  it('none when two customers fit its name as well (Acme Corp and Acme Labs)', () => {
    expect(one('Acme Renewal 2025 is now 50k').entities.customer).toBeUndefined();
  });

  it('the customer the context gives for it, whatever its name', () => {
    const phoenix = { ...deals, known: { ...deals.known, dealCustomers: { 'Project Phoenix': 'Hooli' } } };
    expect(one('Project Phoenix moved to proposal', phoenix).entities).toMatchObject({
      opportunity: 'Project Phoenix',
      customer: 'Hooli',
    });
    expect(one('Project Phoenix moved to proposal').entities.customer).toBeUndefined();
  });
});

describe('part of a name in lower case', () => {
  it.each([
    ['called stark today', 'Stark Industries'],
    ['is the umbrella deal still on?', 'Umbrella Health'],
  ])('counts after an interaction verb or before a deal word: %s', (text, customer) => {
    expect(parseUnguarded(text, testContext).commands[0]!.entities.customer).toBe(customer);
  });

  it('a part no dictionary knows counts however it is written ("who owns vandelay")', () => {
    const known = testContext.known!;
    const context = {
      ...testContext,
      known: { ...known, customers: [...(known.customers ?? []), 'Vandelay Industries'] },
    };
    expect(parseUnguarded('who owns vandelay', context).commands[0]!.entities.customer).toBe(
      'Vandelay Industries',
    );
  });

  it('and not as an everyday word', () => {
    const text = 'that was a stark reminder to follow up faster';
    expect(parseUnguarded(text, testContext).commands[0]!.entities.customer).toBeUndefined();
  });
});

describe('questions nobody wrote a rule for', () => {
  it.each([
    ['how big is the Globex pilot deal', 'query_opportunity'],
    ['quick one: is the hooli deal gonna land this quarter', 'query_opportunity'],
    ['how do i create a new opp', 'help'],
    ['can you set reminders?', 'help'],
    ['does this sync with salesforce', 'help'],
    ['new here, where do I start 👋', 'help'],
    ['hw do i reopen a task i closed by mistake', 'help'],
    ['whos talked to bob smith recently', 'query_customer'],
    ['lena pipeline q2', 'query_pipeline'],
    ["lena's demo goal this month", 'query_goals'],
    ['sam deals won q1', 'query_performance'],
    [
      'heading into a call w globex in 20 min, can someone gimme the rundown on the account?',
      'query_customer',
    ],
  ])('%s', (text, intent) => {
    expect(intents(text)).toEqual([intent]);
  });

  it('a meeting to set up is a task, one set up yesterday was logged', () => {
    expect(intents('schedule a mtg w/ Jane Doe to walk thru the renewal terms, sometime next week')).toEqual([
      'create_task',
    ]);
    expect(intents('hooli: book a meeting w/ their procurement team. EOW')).toEqual(['create_task']);
    expect(intents('set up a call with Jane yesterday')).toEqual(['log_interaction']);
  });

  it('while a polite command is still a command', () => {
    expect(intents('can you log a call with Jane?')).toEqual(['log_interaction']);
    // The rule for "what do the priority levels mean" is not one for what a customer means.
    expect(classifyByRules('what does xcust mean by pricing', english).intent).not.toBe('help');
  });
});

describe('questions keep their own entities', () => {
  it('reads the period and the person of "how much did Lena close this quarter?"', () => {
    expect(only('how much did Lena close this quarter?')).toMatchObject({
      intent: 'query_performance',
      entities: { assignee: 'U0456DEF', period: { from: '2025-01-01', to: '2025-03-31' } },
    });
  });

  it.each([
    ['any meetings tmrw?', 'query_tasks'],
    ['who owns Hooli?', 'query_customer'],
    ['who owns the Acme follow up?', 'query_tasks'],
  ])('%s asks (%s)', (text, intent) => {
    const command = only(text);
    expect(command.intent).toBe(intent);
    expect(command.confirm).toBeFalsy();
  });

  it('reads "when\'s my next meeting with Globex" as a question, not a meeting to log', () => {
    const command = only("when's my next meeting with Globex");
    expect(READ_ONLY.has(command.intent)).toBe(true);
    expect(command.entities.customer).toBe('Globex');
  });
});

describe('typo tolerance', () => {
  it.each([
    ['cal', 'call'],
    ['wht', 'what'],
    ['remnid', 'remind'],
    ['checekd', 'checked'],
    ['fridaay', 'friday'],
  ])('reads %s as %s', (typo, word) => {
    expect(correctWord(typo, english)).toBe(word);
  });

  it('leaves English words and unknown short words alone', () => {
    expect(correctWord('stop', english)).toBeUndefined();
    expect(correctWord('zqx', english)).toBeUndefined();
  });

  it('finds a verb and a short name misspelt in one message', () => {
    expect(only('cal w/ jnae @ Acm, went ok')).toMatchObject({
      intent: 'log_interaction',
      entities: { interactionType: 'call', contact: 'Jane Doe' },
    });
  });

  it('corrects a misspelt weekday though it is capitalised', () => {
    expect(only('send Globex the deck by Fridaay').entities.dueDate).toBe('2025-03-14');
  });
});

describe('progress and priority said of a task', () => {
  it.each([
    ['Hooli SOW task at 60%', 60],
    ['the initech deck is ~80%', 80],
    ['Globex proposal about halfway', 50],
  ])('"%s" is progress %d on that task, not a new task due at a clock time', (text, progress) => {
    const command = only(text);
    expect(command.intent).toBe('update_task');
    expect(command.entities.progress).toBe(progress);
    expect(command.entities.dueDate).toBeUndefined();
    expect(command.entities.title).not.toMatch(/[~%]|\b(?:is|about)$/);
  });

  it('a priority after an arrow changes the task ("hooli f/u -> high pri")', () => {
    expect(only('hooli f/u -> high pri').entities).toMatchObject({ priority: 'high', customer: 'Hooli' });
    expect(intents('hooli f/u -> high pri')).toEqual(['update_task']);
    // With a comma it is a new task of that priority.
    expect(intents('hooli deck, high pri')).toEqual(['create_task']);
  });
});

describe('who a task is for, said after it', () => {
  it.each([
    'prep the Q2 deck for acme, assign to lena, next week',
    'send bob the quote -> lena, fri',
    'f/u w/ priya re invoice → lena',
  ])('"%s" is one task for that colleague', (text) => {
    const command = only(text);
    expect(command.intent).toBe('create_task');
    expect(command.entities.assignee).toBe('U0456DEF');
    expect(command.entities.title).not.toMatch(/->|→|assign|lena/i);
  });

  it('a colleague addressed before a list of tasks is given every one', () => {
    const { commands } = parseUnguarded(
      'Sam - 2 things: 1) send Jane at Initech the pricing sheet tmrw 2) set up a demo for their ops team next week',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.assignee])).toEqual([
      ['create_task', 'U0123ABC'],
      ['create_task', 'U0123ABC'],
    ]);
  });

  it('while a name addressing a second request gives that one to them ("call acme. lena, call globex")', () => {
    const { commands } = parseUnguarded('call acme. lena, call globex', testContext);
    expect(commands.map((c) => [c.entities.customer, c.entities.assignee])).toEqual([
      ['Acme Corp', undefined],
      ['Globex', 'U0456DEF'],
    ]);
  });
});

describe('periods that start in the past', () => {
  it('"since mon" runs from last Monday to today', () => {
    expect(only('any emails to globex since mon?').entities.period).toEqual({
      from: '2025-03-10',
      to: '2025-03-12',
    });
    expect(only('how many calls since monday').entities).toMatchObject({
      metric: 'calls',
      period: { from: '2025-03-10', to: '2025-03-12' },
    });
  });
});

describe('deal words in hurried form', () => {
  it('"won the <deal>" wins it', () => {
    expect(only('won the globex pilot').entities).toMatchObject({
      opportunity: 'Globex Pilot',
      stage: 'Won',
    });
  });

  it('a bare open stage after a new deal is the stage it opens in, a closed one is not', () => {
    expect(only('new opp hooli 20k, qualified').entities.stage).toBe('Qualified');
    expect(only('new opp hooli 20k won').entities.stage).toBeUndefined();
  });
});

describe('reminders for a colleague', () => {
  it('keep the request words out of the title and find the customer before a work word', () => {
    expect(only('remind lena mon 8:30 to prep the stark qbr').entities).toMatchObject({
      assignee: 'U0456DEF',
      title: 'prep the stark qbr',
      customer: 'Stark Industries',
    });
  });
});

describe('existing work changed by a statement', () => {
  it.each([
    ['initech deck → lena', { assignee: 'U0456DEF', title: 'initech deck' }],
    ['hooli f/u: sam → lena', { assignee: 'U0456DEF', customer: 'Hooli' }],
    ['@sam the globex rfp is yours now', { assignee: 'U0123ABC', title: 'globex rfp' }],
    ['actually let sam own the hooli demo prep', { assignee: 'U0123ABC', title: 'hooli demo prep' }],
    [
      'wait no, the globex pricing task is due fri not thu',
      { dueDate: '2025-03-14', title: 'globex pricing' },
    ],
    ['the hooli proposal isnt done after all, reopening', { status: 'todo', title: 'hooli proposal' }],
    ['initech pricing sheet back to todo', { status: 'todo' }],
  ])('"%s" updates that task', (text, entities) => {
    const command = only(text);
    expect(command.intent).toBe('update_task');
    expect(command.entities).toMatchObject(entities);
  });

  it('while a task described with a date or a verb before the arrow is a new one', () => {
    expect(only('onboarding training for the hooli team → lena, in 2 weeks').intent).toBe('create_task');
    expect(only('f/u w/ priya re invoice → lena').intent).toBe('create_task');
  });

  it.each([
    ['sent the quote to bob, check that off', 'quote to bob'],
    ["wrapped up priya's redlines", "priya's redlines"],
    ['that acme renewal pricing task is 100% done', 'acme renewal pricing'],
  ])('"%s" completes "%s"', (text, title) => {
    const command = only(text);
    expect(command.intent).toBe('complete_task');
    expect(command.entities.title).toBe(title);
  });

  it('a colleague and a date after a task are its details ("..., lena + due 3/28")', () => {
    expect(only('draft sow for stark, lena + due 3/28').entities).toMatchObject({
      assignee: 'U0456DEF',
      dueDate: '2025-03-28',
    });
  });

  it('a request to take something on is a task ("Lena, please handle the Hooli pricing questions")', () => {
    expect(only('Lena, please handle the Hooli pricing questions, no hurry')).toMatchObject({
      intent: 'create_task',
      entities: { assignee: 'U0456DEF', priority: 'low' },
    });
  });
});

describe('a name before a request of its own', () => {
  it('makes a verbless line a task for that colleague ("... finally. sam - initech exec summary, fri")', () => {
    const { commands } = parseUnguarded(
      'knocked out the hooli deck finally. sam - initech exec summary, fri',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.title, c.entities.assignee])).toEqual([
      ['complete_task', 'hooli deck', undefined],
      ['create_task', 'initech exec summary', 'U0123ABC'],
    ]);
  });
});

describe('a question after a change, in a sentence of its own', () => {
  it('is asked, and the change is still made', () => {
    expect(intents("new opp Hooli 40k. what's in the Hooli account so far?")).toEqual([
      'create_opportunity',
      'query_customer',
    ]);
  });

  it('"this week" in it is a period, not a pointer back at the change', () => {
    expect(
      intents('@lena pls send Globex the revised quote tmrw. how many calls has Sam logged this week?'),
    ).toEqual(['create_task', 'query_performance']);
  });
});

describe('statuses and moves said of several pieces of work', () => {
  it('"..., and the Hooli quote is blocked til legal signs off" is a second update', () => {
    const { commands } = parseUnguarded(
      'set the Globex deck to in progress, and the Hooli quote is blocked til legal signs off',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.status, c.entities.title])).toEqual([
      ['update_task', 'in_progress', 'Globex deck'],
      ['update_task', 'blocked', 'Hooli quote'],
    ]);
  });

  it('"pushed both the acme proposal and the globex deck to next week" moves each', () => {
    const { commands } = parseUnguarded(
      'pushed both the acme proposal and the globex deck to next week',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.title, c.entities.dueDate])).toEqual([
      ['update_task', 'acme proposal', '2025-03-17'],
      ['update_task', 'globex deck', '2025-03-17'],
    ]);
  });

  it('"try priya again thurs" after a logged voicemail is a task', () => {
    expect(intents('left priya a vm and an email. try priya again thurs')).toEqual([
      'log_interaction',
      'create_task',
    ]);
  });
});

describe('a check mark after a piece of work', () => {
  it('completes it, as a second command after a progress update', () => {
    const { commands } = parseUnguarded('Hooli proposal is 50% done, Initech usage numbers ✅', testContext);
    expect(commands.map((c) => [c.intent, c.entities.title])).toEqual([
      ['update_task', 'Hooli proposal'],
      ['complete_task', 'Initech usage numbers'],
    ]);
  });
});

describe("a task's details in fragments of their own", () => {
  it.each([
    [
      'followup w priya abt pilot feedback. sam. fri. high',
      { assignee: 'U0123ABC', dueDate: '2025-03-14', priority: 'high' },
    ],
    [
      'reach out to bob abt renewal, sam pls, high, tmrw',
      { assignee: 'U0123ABC', dueDate: '2025-03-13', priority: 'high' },
    ],
    [
      'get security docs to initech legal, lena, next week, med pri',
      { assignee: 'U0456DEF', priority: 'medium' },
    ],
  ])('"%s" is one task', (text, entities) => {
    const command = only(text);
    expect(command.intent).toBe('create_task');
    expect(command.entities).toMatchObject(entities);
  });
});

describe('run-ons of one kind', () => {
  it('another kind of interaction after "then" is another one', () => {
    expect(
      parseUnguarded(
        'emailed priya the pilot proposal then hopped on a 20 min call with priya',
        testContext,
      ).commands.map((c) => c.entities.interactionType),
    ).toEqual(['email', 'call']);
  });

  it('"..., and a low pri one to clean up the contacts" is a second task', () => {
    const { commands } = parseUnguarded(
      'add a task to follow up with Hooli next tue, and a low pri one to clean up the Hooli contacts in CRM',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.title, c.entities.priority])).toEqual([
      ['create_task', 'follow up with Hooli', undefined],
      ['create_task', 'clean up the Hooli contacts in CRM', 'low'],
    ]);
  });

  it('a second reminder time with "and at 4pm to ..." is a second reminder', () => {
    expect(intents('remind me at 11am to join the Acme call and at 4pm to log my notes')).toEqual([
      'set_reminder',
      'set_reminder',
    ]);
  });

  it('"raj\'s wonka f/u can go to sam" hands it to Sam, and status lists keep their titles', () => {
    expect(only("sam's hooli follow up can go to lena").entities.assignee).toBe('U0456DEF');
    const { commands } = parseUnguarded(
      'status update: initech cleanup done, initech quote blocked on finance, initech f/u pushed to friday',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.title])).toEqual([
      ['complete_task', 'initech cleanup'],
      ['update_task', 'initech quote'],
      ['update_task', 'initech follow up'],
    ]);
  });
});

describe('a question about tasks of one category', () => {
  it.each([
    ['any follow-ups due fri?', 'follow_up'],
    ['what proposals are due this week', 'proposal'],
  ])('"%s" asks for %s tasks', (text, category) => {
    expect(only(text)).toMatchObject({ intent: 'query_tasks', entities: { category } });
  });
});

describe('a stage name alone in a deal command', () => {
  it.each([
    ['Globex - negotiation', 'Negotiation'],
    ['hooli - negotiation - 240k', 'Negotiation'],
    ['mark acme renewal as won pls, PO came in this am', 'Won'],
  ])('"%s" names the stage %s', (text, stage) => {
    expect(only(text)).toMatchObject({ intent: 'update_opportunity', entities: { stage } });
  });

  it('and a question about a deal keeps the stage it asks about', () => {
    expect(only('is the acme renewal in negotiation yet?')).toMatchObject({
      intent: 'query_opportunity',
      entities: { stage: 'Negotiation' },
    });
  });
});

describe('how a call went, said briefly', () => {
  it.each([
    'Hooli QBR, 90 min, all green',
    'bob @ initech called back, 10 min, all good',
    'Globex mtg w/ Bob, 30 min — good.',
  ])('"%s" went well', (text) => {
    expect(only(text).entities.outcome).toBe('positive');
  });

  it('"all green" names nobody, though a contact could be called Green', () => {
    const known = testContext.known!;
    const context = {
      ...testContext,
      known: { ...known, contacts: [...(known.contacts ?? []), 'Marcus Green'] },
    };
    expect(
      parseUnguarded('Hooli QBR, 90 min, all green', context).commands[0]!.entities.contact,
    ).toBeUndefined();
    expect(parseUnguarded('called Green about the deal', context).commands[0]!.entities.contact).toBe(
      'Marcus Green',
    );
  });
});

describe('customers nobody has told us about', () => {
  it.each([
    ['30 min discovery call w/ Nina Petrova @ Contoso, solid', 'Contoso'],
    ['new opp: Litware, 140k', 'Litware'],
  ])('"%s" names %s as written', (text, customer) => {
    expect(only(text).entities.customer).toBe(customer);
  });
});

describe('several deals in one message', () => {
  it('another deal in a sentence of its own is another change', () => {
    const { commands } = parseUnguarded(
      'Globex Pilot is at 120k now and in negotiation. Acme Renewal 2025 closes end of month.',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.opportunity])).toEqual([
      ['update_opportunity', 'Globex Pilot'],
      ['update_opportunity', 'Acme Renewal 2025'],
    ]);
  });

  it('"recap of ...:" announces the list and asks nothing', () => {
    expect(intents("recap of today's pipeline review: Globex to negotiation, Hooli to proposal")).toEqual([
      'update_opportunity',
      'update_opportunity',
    ]);
  });

  it('"can you check in with Priya Monday?" asks for a task', () => {
    expect(only('@lena can you check in with Priya Monday?')).toMatchObject({
      intent: 'create_task',
      entities: { assignee: 'U0456DEF', contact: 'Priya Patel' },
    });
  });
});

describe('one command for each of several colleagues', () => {
  it('a goal "for you both ... each" is a goal each', () => {
    const { commands } = parseUnguarded(
      '@lena @sam new goal for you both: 100 calls each this month',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.assignee, c.entities.target])).toEqual([
      ['set_goal', 'U0456DEF', 100],
      ['set_goal', 'U0123ABC', 100],
    ]);
  });

  it('"each of you send me your forecast" is a task each', () => {
    const { commands } = parseUnguarded(
      'lena and sam, each of you send me your q2 forecast by fri',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.assignee, c.entities.title])).toEqual([
      ['create_task', 'U0456DEF', 'send me your q2 forecast'],
      ['create_task', 'U0123ABC', 'send me your q2 forecast'],
    ]);
  });
});

describe('a question with no joiner before it', () => {
  it('"mark the hooli deck done ✅ whats next on my list" is the completion, then the question', () => {
    expect(intents('mark the hooli deck done ✅ whats next on my list')).toEqual([
      'complete_task',
      'query_tasks',
    ]);
  });

  it('"send the client what they asked for" stays one task', () => {
    expect(intents('send the Acme team what they asked for by friday')).toEqual(['create_task']);
  });
});

describe('a sentence about something we do not do, beside one we do', () => {
  it.each([
    ['hey bot whats the weather in nyc lol, also log a call w/ hooli', ['unknown', 'log_interaction']],
    ['log a call with hooli. whats the weather tmrw', ['log_interaction', 'unknown']],
    // A question after it asks about it, unless the rules read one of ours.
    ['my laptop keeps restarting, who do i call', ['unknown']],
    ['anyone know if the vpn is down? also whats due today for me', ['unknown', 'query_tasks']],
  ])('%s', (text, expected) => {
    expect(intents(text)).toEqual(expected);
  });
});

describe('questions the rules read with no record or task word', () => {
  it.each([
    ['whats blocked', 'query_tasks', { status: 'blocked' }],
    ["what's in progress for me rn", 'query_tasks', { status: 'in_progress' }],
    [
      'high pri stuff due fri',
      'query_tasks',
      { priority: 'high', period: { from: '2025-03-14', to: '2025-03-14' } },
    ],
    ['what did i finish last week', 'query_tasks', { period: { from: '2025-03-03', to: '2025-03-09' } }],
    ["what's closing this month", 'query_pipeline', { period: { from: '2025-03-01', to: '2025-03-31' } }],
    ["is hooli still lena's account", 'query_customer', { customer: 'Hooli', assignee: 'U0456DEF' }],
    ['any calls w/ bob smith yesterday', 'query_customer', { contact: 'Bob Smith', interactionType: 'call' }],
    ['<@U0123ABC> did u ever reach priya at acme', 'query_customer', { contact: 'Priya Patel' }],
    ["show me everything we've logged w/ globex", 'query_customer', { customer: 'Globex' }],
    ['what can this bot do', 'help', {}],
  ])('%s', (text, intent, entities) => {
    expect(only(text)).toMatchObject({ intent, entities });
  });
});

describe('two questions, or a change and a question, in one message', () => {
  it.each([
    ["what's blocked and what's high pri", ['query_tasks', 'query_tasks']],
    // Pointing back at the same record, the second question is still asked.
    ["what's the globex pilot worth & whose account is it", ['query_opportunity', 'query_customer']],
    [
      "is initech in negotiation yet? who's the owner on that account",
      ['query_opportunity', 'query_customer'],
    ],
    // A question in a sentence of its own after a sure change is asked, "it" or not.
    [
      "globex pilot is 30k now. when's it supposed to close again?",
      ['update_opportunity', 'query_opportunity'],
    ],
    // "them" after talking to someone is the customer, not the reminder.
    [
      'remind me at 3pm to send the hooli quote, and has anyone talked to them this week?',
      ['set_reminder', 'query_customer'],
    ],
  ])('%s', (text, expected) => {
    expect(intents(text)).toEqual(expected);
  });
});

describe('each emoji tells how its own clause went', () => {
  const outcomes = (text: string) =>
    parseUnguarded(text, testContext).commands.map((c) => [c.intent, c.entities.outcome]);

  it('one that opens a clause, and one that closes it', () => {
    expect(outcomes('👍 call w/ bob at acme. 👎 call w/ jane at globex. ugh')).toEqual([
      ['log_interaction', 'positive'],
      ['log_interaction', 'negative'],
    ]);
    expect(
      outcomes('met jane @ acme re terms 👍, emailed bob re pricing, call w/ priya at hooli 👎'),
    ).toEqual([
      ['log_interaction', 'positive'],
      ['log_interaction', undefined],
      ['log_interaction', 'negative'],
    ]);
  });

  it('the records of one list, and a change that is no interaction', () => {
    expect(outcomes('recap: 👍 hooli (call), 👎 initech (demo)')).toEqual([
      ['log_interaction', 'positive'],
      ['log_interaction', 'negative'],
    ]);
    expect(outcomes('called initech and hooli 👍')).toEqual([
      ['log_interaction', 'positive'],
      ['log_interaction', 'positive'],
    ]);
    // The thumbs-down is the lost deal's, not the note's.
    expect(outcomes('globex lost 👎. note: budget freeze til summer')).toEqual([
      ['update_opportunity', undefined],
      ['log_interaction', undefined],
    ]);
  });
});

describe('what a later clause says by a pronoun or a short name', () => {
  it('"he" or "she" after a colleague is that colleague', () => {
    const { commands } = parseUnguarded("lena's pipeline for q2 + how's she tracking to quota", testContext);
    expect(commands.map((c) => [c.intent, c.entities.assignee])).toEqual([
      ['query_pipeline', 'U0456DEF'],
      ['query_goals', 'U0456DEF'],
    ]);
  });

  it('"her" after a contact is the contact, not a colleague named before', () => {
    const { commands } = parseUnguarded('ask lena to call jane doe tmrw, and send her the deck', testContext);
    expect(commands.map((c) => c.entities.assignee)).toEqual(['U0456DEF', undefined]);
  });

  it('a deal named by its head noun once its customer is known', () => {
    const { commands } = parseUnguarded(
      'call w/ bob at globex, went well. move the pilot to negotiation',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.opportunity])).toEqual([
      ['log_interaction', undefined],
      ['update_opportunity', 'Globex Pilot'],
    ]);
    // A task's "pilot scope doc" is a piece of work, not the Globex Pilot deal.
    const task = parseUnguarded('call w/ bob at globex. prep the pilot scope doc by monday', testContext);
    expect(task.commands.map((c) => [c.intent, c.entities.opportunity])).toEqual([
      ['log_interaction', undefined],
      ['create_task', undefined],
    ]);
  });
});

describe('another of the same command, said short', () => {
  it('"..., and 40 demos for raj in april" is a second goal', () => {
    const { commands } = parseUnguarded(
      'set team goal 500k revenue for q2, and 40 demos for lena in april',
      testContext,
    );
    expect(
      commands.map((c) => [c.intent, c.entities.assignee, c.entities.metric, c.entities.target]),
    ).toEqual([
      ['set_goal', undefined, 'revenue', 500000],
      ['set_goal', 'U0456DEF', 'demos', 40],
    ]);
  });

  it('"and same for lena" sets the same goal for her', () => {
    const { commands } = parseUnguarded('set me a goal of 250k revenue q2 and same for lena', testContext);
    expect(
      commands.map((c) => [c.intent, c.entities.assignee, c.entities.target, c.entities.period?.from]),
    ).toEqual([
      ['set_goal', undefined, 250000, '2025-04-01'],
      ['set_goal', 'U0456DEF', 250000, '2025-04-01'],
    ]);
  });

  it('"+ anything blocked?" is a question of its own', () => {
    expect(intents('whats on my plate today + anything blocked?')).toEqual(['query_tasks', 'query_tasks']);
  });
});

describe('one task for each of a list', () => {
  it('of colleagues listed together, with or without "each"', () => {
    const { commands } = parseUnguarded(
      'sam + lena: clean up your stale opps in the crm by fri',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.assignee, c.entities.title])).toEqual([
      ['create_task', 'U0123ABC', 'clean up your stale opportunities in the crm'],
      ['create_task', 'U0456DEF', 'clean up your stale opportunities in the crm'],
    ]);
    // One colleague asked to do something for another is one task.
    expect(intents('ask lena to brief sam on the acme deal tmrw')).toEqual(['create_task']);
  });

  it("of people to follow up with, each named in the first one's words", () => {
    const { commands } = parseUnguarded('<@U0123ABC> f/u w/ jane, bob and priya by EOW', testContext);
    expect(commands.map((c) => [c.entities.assignee, c.entities.contact, c.entities.title])).toEqual([
      ['U0123ABC', 'Jane Doe', 'follow up with jane'],
      ['U0123ABC', 'Bob Smith', 'follow up with bob'],
      ['U0123ABC', 'Priya Patel', 'follow up with priya'],
    ]);
  });
});

/** The test tenant with more customers and deals of several words. */
const widerTenant = {
  ...testContext,
  known: {
    ...testContext.known,
    customers: [
      ...(testContext.known?.customers ?? []),
      'Pied Piper',
      'Wonka Industries',
      'Soylent Foods',
      'Wayne Enterprises',
      'Nakatomi Trading',
    ],
    opportunities: [
      ...(testContext.known?.opportunities ?? []),
      'Hooli Enterprise Upgrade',
      'Stark Security Suite',
    ],
  },
};
const onlyIn = (text: string) => {
  const { commands } = parseUnguarded(text, widerTenant);
  expect(commands).toHaveLength(1);
  return commands[0]!;
};

describe('a change said of several records at once', () => {
  const said = (text: string) =>
    parseUnguarded(text, widerTenant).commands.map((c) => [
      c.intent,
      c.entities.customer,
      c.entities.opportunity ?? c.entities.title,
      c.entities.stage ?? c.entities.closeDate,
    ]);

  it('a list that opens before the clause with the verb', () => {
    expect(said('move pied piper, wonka and soylent to qualified')).toEqual([
      ['update_opportunity', 'Pied Piper', undefined, 'Qualified'],
      ['update_opportunity', 'Wonka Industries', undefined, 'Qualified'],
      ['update_opportunity', 'Soylent Foods', undefined, 'Qualified'],
    ]);
  });

  it('each record with a complement of its own', () => {
    expect(said('moved the hooli upgrade to 4/30 and the globex pilot to 5/15, both slipping')).toEqual([
      ['update_opportunity', 'Hooli', 'Hooli Enterprise Upgrade', '2025-04-30'],
      ['update_opportunity', 'Globex', 'Globex Pilot', '2025-05-15'],
    ]);
    expect(said('move the globex deck to fri and the hooli sow to mon')).toEqual([
      ['update_task', 'Globex', 'globex deck', undefined],
      ['update_task', 'Hooli', 'hooli sow', undefined],
    ]);
  });

  it('tasks named by their records before the noun they share', () => {
    expect(said('finished the wayne and nakatomi proposals ✅')).toEqual([
      ['complete_task', 'Wayne Enterprises', 'wayne proposal', undefined],
      ['complete_task', 'Nakatomi Trading', 'nakatomi proposal', undefined],
    ]);
    // A second task that says more than its record keeps its own words.
    expect(said('send the hooli sow and the initech deck')).toEqual([
      ['create_task', 'Hooli', 'send the hooli sow', undefined],
      ['create_task', 'Initech', 'initech deck', undefined],
    ]);
  });
});

describe('"check in with" someone', () => {
  it('is a task to do; "checked in" and a check-in call happened', () => {
    expect(only('check in with bob tmrw')).toMatchObject({
      intent: 'create_task',
      entities: { title: 'check in with bob', dueDate: '2025-03-13' },
    });
    expect(only('need someone to check in w/ Priya → sam')).toMatchObject({
      intent: 'create_task',
      entities: { assignee: 'U0123ABC', title: 'check in with Priya' },
    });
    expect(only('checked in with bob, all good').intent).toBe('log_interaction');
    expect(only('quick check-in with jane, she is happy').intent).toBe('log_interaction');
  });
});

describe('a question and a request joined by "and can you"', () => {
  it('asks and changes', () => {
    const { commands } = parseUnguarded(
      "what's sam doing today and can u push the hooli f/u to friday",
      testContext,
    );
    expect(commands.map((c) => c.intent)).toEqual(['query_tasks', 'update_task']);
    expect(commands[0]!.entities.assignee).toBe('U0123ABC');
    expect(commands[1]!.entities).toMatchObject({ customer: 'Hooli', dueDate: '2025-03-14' });
  });
});

describe('which deals and new leads', () => {
  it('"which deals have we won" lists won deals; "how many" counts them', () => {
    expect(only('which deals have we won this month')).toMatchObject({
      intent: 'query_pipeline',
      entities: { stage: 'Won' },
    });
    expect(only('how many deals did we win this month').intent).toBe('query_performance');
  });

  it('a new deal "starting at lead" opens in that stage', () => {
    expect(intents('new deal: Fabrikam, 80k, starting at lead')).toEqual(['create_opportunity']);
  });

  it('a deliverable "for" a colleague is a task for them', () => {
    expect(only('Acme Corp proposal for sam, fri, high pri')).toMatchObject({
      intent: 'create_task',
      entities: { assignee: 'U0123ABC', priority: 'high', dueDate: '2025-03-14' },
    });
  });

  it('"new lead:" opens a deal', () => {
    expect(only('new lead: Fabrikam, contact Kevin Brooks')).toMatchObject({
      intent: 'create_opportunity',
      entities: { customer: 'Fabrikam' },
    });
  });
});

describe('working set q: questions and shorthand', () => {
  it.each([
    ["who's had the most meetings this week?", 'query_performance', { metric: 'meetings' }],
    ["who's top on tasks completed this month", 'query_performance', { metric: 'tasks_completed' }],
    ['how did we do vs the feb target', 'query_goals', {}],
    [
      'need to know the amount on the acme renewal',
      'query_opportunity',
      { opportunity: 'Acme Renewal 2025' },
    ],
    [
      'team-visible note on initech: procurement wants 3 references',
      'log_interaction',
      { interactionType: 'note' },
    ],
  ])('%s reads as %s', (text, intent, entities) => {
    expect(only(text)).toMatchObject({ intent, entities });
  });

  it('a stage with a check mark is the stage; a deliverable with one is done', () => {
    expect(onlyIn('wayne qualified ✔')).toMatchObject({
      intent: 'update_opportunity',
      entities: { customer: 'Wayne Enterprises', stage: 'Qualified' },
    });
    expect(only('hooli proposal ✅').intent).toBe('complete_task');
  });

  it('"did anyone talk to" an account asks about any contact, "called" about calls', () => {
    expect(only('did anyone talk to hooli this month?').entities.interactionType).toBeUndefined();
    expect(only('has anyone called hooli this week?').entities.interactionType).toBe('call');
    expect(only('talked to jane at acme re pricing').entities.interactionType).toBe('call');
  });

  it('"last activity on" a deal asks about the deal', () => {
    expect(onlyIn('last activity on the hooli upgrade?')).toMatchObject({
      intent: 'query_opportunity',
      entities: { opportunity: 'Hooli Enterprise Upgrade' },
    });
  });

  it('"create one to ..." after a completion is another task', () => {
    const { commands } = parseUnguarded(
      'mark the hooli onboarding doc task done and create one to send the invoice to bob, due fri',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.title])).toEqual([
      ['complete_task', 'hooli onboarding doc'],
      ['create_task', 'send the invoice to bob'],
    ]);
  });
});

describe('goals said short', () => {
  it('"target N calls for X ... and N for Y" sets a goal for each', () => {
    const { commands } = parseUnguarded('target 25 calls for lena this week and 25 for sam', testContext);
    expect(
      commands.map((c) => [c.intent, c.entities.assignee, c.entities.metric, c.entities.target]),
    ).toEqual([
      ['set_goal', 'U0456DEF', 'calls', 25],
      ['set_goal', 'U0123ABC', 'calls', 25],
    ]);
  });

  it('goals listed before the period they share', () => {
    const { commands } = parseUnguarded('set goals: lena 10 demos, sam 8 demos, all for april', testContext);
    expect(commands.map((c) => c.entities.period?.from)).toEqual(['2025-04-01', '2025-04-01']);
  });

  it('"undo that and ..." undoes and makes the change after it', () => {
    expect(intents('undo that and set hooli to proposal instead')).toEqual(['undo', 'update_opportunity']);
    // Colleagues listed after "remind" are one reminder each, not a reminder and a task.
    expect(intents('remind sam and lena fri 9am to submit their forecasts')).toEqual([
      'set_reminder',
      'set_reminder',
    ]);
  });

  it('"doing on the march revenue target" asks about the goal', () => {
    expect(only("how's the team doing on the march revenue target?")).toMatchObject({
      intent: 'query_goals',
      entities: { metric: 'revenue' },
    });
  });

  it('a clock time after "@" ("thurs @ 2:30pm")', () => {
    expect(only('remind me thurs @ 2:30pm - call bob').entities.remindAt).toBe('2025-03-13T14:30:00-04:00');
  });

  it('a target with its metric before it', () => {
    expect(only('q2 pipe target 500k')).toMatchObject({
      intent: 'set_goal',
      entities: { metric: 'pipeline', target: 500000 },
    });
    expect(only("what's my q2 target").intent).toBe('query_goals');
  });

  it('"quota" names no metric of its own', () => {
    expect(only('quota: 12 deals won in march').entities.metric).toBe('deals_won');
    expect(only('how am i tracking vs quota this qtr').entities.metric).toBeUndefined();
    expect(only("lena's quota for q2 is 400k").entities.metric).toBe('revenue');
  });
});

describe('tasks said after a log', () => {
  it('"reply w/ the report by tmrw" is a task; "replied to bob" happened', () => {
    const { commands } = parseUnguarded(
      'email from bob @ hooli asking about SOC2, reply w/ the report by tmrw, mark it high',
      testContext,
    );
    expect(commands.map((c) => c.intent)).toEqual(['log_interaction', 'create_task']);
    expect(commands[1]!.entities).toMatchObject({ dueDate: '2025-03-13', priority: 'high' });
    expect(only('replied to bob re pricing').intent).toBe('log_interaction');
  });

  it('"renewal -> negotiation" after a demo moves the deal', () => {
    const { commands } = parseUnguarded(
      "Acme Corp: demo'd reporting to jane, 1hr, 👍. renewal -> negotiation",
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.stage])).toEqual([
      ['log_interaction', undefined],
      ['update_opportunity', 'Negotiation'],
    ]);
  });
});

describe('a question asked again of another colleague', () => {
  it('"... ? and lena?"', () => {
    const { commands } = parseUnguarded('how many mtgs did sam have last week? and lena?', testContext);
    expect(commands.map((c) => [c.intent, c.entities.assignee, c.entities.metric])).toEqual([
      ['query_performance', 'U0123ABC', 'meetings'],
      ['query_performance', 'U0456DEF', 'meetings'],
    ]);
  });
});

describe("the customer's deal by its head noun", () => {
  it('"who owns globex? and what\'s the pilot at"', () => {
    const { commands } = parseUnguarded("who owns globex? and what's the pilot at", testContext);
    expect(commands.map((c) => [c.intent, c.entities.opportunity])).toEqual([
      ['query_customer', undefined],
      ['query_opportunity', 'Globex Pilot'],
    ]);
  });
});

describe('an emoji said twice', () => {
  it('"✅✅ a + b" completes two tasks, not three', () => {
    expect(intents('✅✅ globex whitepaper + the hooli procurement research')).toEqual([
      'complete_task',
      'complete_task',
    ]);
  });
});

describe('"drop it to ..." changes, "drop it" cancels', () => {
  it.each([
    ['push the hooli close to june 30 and drop it to 150k', ['update_opportunity']],
    ['drop it', ['cancel']],
  ])('%s', (text, expected) => {
    expect(intents(text)).toEqual(expected);
  });
});

describe('deals named short', () => {
  it("by the deal's first and last word, moved to a date", () => {
    expect(onlyIn('push the hooli upgrade out to 4/30').entities).toMatchObject({
      opportunity: 'Hooli Enterprise Upgrade',
      closeDate: '2025-04-30',
    });
    // A word of the name before a task's noun is the customer's work, not the deal.
    expect(
      onlyIn('started working on the Stark security questionnaire').entities.opportunity,
    ).toBeUndefined();
    expect(onlyIn("what's the hooli upgrade at now?").entities.customer).toBe('Hooli');
  });
});

describe('a task said as "task to ..."', () => {
  it('after a note, with its own title', () => {
    const { commands } = parseUnguarded(
      'log note for initech: champion is tom becker, cfo signs. + task to intro myself to the cfo next wk',
      widerTenant,
    );
    expect(commands.map((c) => c.intent)).toEqual(['log_interaction', 'create_task']);
    expect(commands[1]!.entities.title).toBe('intro myself to the cfo');
  });

  it('a new deal with its amount before the word for it', () => {
    expect(onlyIn('new 50k opp w/ hooli')).toMatchObject({
      intent: 'create_opportunity',
      entities: { customer: 'Hooli', amount: { value: 50000, currency: 'USD' } },
    });
  });

  it('a visibility change with its reason', () => {
    expect(onlyIn('make the Stark renewal paperwork collaborative so sam and I can both edit')).toMatchObject(
      {
        intent: 'update_task',
        entities: { visibility: 'collaborative' },
      },
    );
  });
});

describe('goals listed after a goal', () => {
  it.each([
    [
      'my goals this month: 60 calls, 15 demos',
      [
        ['calls', 60, undefined],
        ['demos', 15, undefined],
      ],
    ],
    [
      "lena's quota for q2 is 400k, sam 350k",
      [
        ['revenue', 400000, 'U0456DEF'],
        ['revenue', 350000, 'U0123ABC'],
      ],
    ],
  ])('%s', (text, expected) => {
    const { commands } = parseUnguarded(text, testContext);
    expect(commands.map((c) => [c.entities.metric, c.entities.target, c.entities.assignee])).toEqual(
      expected,
    );
    // Over the period the first one names.
    expect(new Set(commands.map((c) => c.entities.period?.from)).size).toBe(1);
    expect(commands[1]?.entities.period).toBeDefined();
  });
});

describe('changes said by what a thing becomes', () => {
  it.each([
    ['make the hooli onboarding collaborative', 'update_task', { visibility: 'collaborative' }],
    ['dropping my globex f/u to low pri', 'update_task', { priority: 'low', title: 'globex follow up' }],
    ['lost: globex pilot', 'update_opportunity', { opportunity: 'Globex Pilot', stage: 'Lost' }],
  ])('%s', (text, intent, entities) => {
    expect(only(text)).toMatchObject({ intent, entities });
  });

  it('a question about a stage of "my" pipeline after a change', () => {
    const { commands } = parseUnguarded(
      'globex pilot now 175k. then what else is in my proposal stage',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.stage])).toEqual([
      ['update_opportunity', undefined],
      ['query_pipeline', 'Proposal'],
    ]);
  });
});

describe('more run-ons and questions (working set m)', () => {
  it.each([
    [
      '<@U0456DEF> pls finish the pricing training by 3/21 and <@U0123ABC> pls finish the security cert training by 3/28',
      ['create_task', 'create_task'],
    ],
    [
      'call w/ jane → acme renewal to proposal → f/u fri',
      ['log_interaction', 'update_opportunity', 'create_task'],
    ],
    [
      'mark the hooli deck done + the initech proposal is blocked on legal + lena takes over the globex f/u',
      ['complete_task', 'update_task', 'update_task'],
    ],
    ['team demo goal for march, where r we', ['query_goals']],
    ['whats going on at globex', ['query_customer']],
    ['who on the team has the most meetings this month', ['query_performance']],
    ['note on hooli: wei is out on pto till 3/24', ['log_interaction']],
  ])('%s', (text, expected) => {
    expect(intents(text)).toEqual(expected);
  });
});

describe('short clauses after a sure one (working set m)', () => {
  it.each([
    [
      'left vm for jane at acme, emailed her too. f/u w/ jane fri',
      ['log_interaction', 'log_interaction', 'create_task'],
    ],
    ['goals for march: lena 15 demos, sam 40 calls', ['set_goal', 'set_goal']],
    [
      "call w/ bob at globex 👎 they're going w/ a competitor. globex pilot lost. then what's left in my pipeline for q2?",
      ['log_interaction', 'update_opportunity', 'query_pipeline'],
    ],
  ])('%s', (text, expected) => {
    expect(intents(text)).toEqual(expected);
  });
});

describe('a correction inside the message (working set m)', () => {
  it('takes back the value before it', () => {
    expect(only('globex pilot to 110k. wait no, 101k').entities.amount).toEqual({
      value: 101000,
      currency: 'USD',
    });
    const { commands } = parseUnguarded(
      'call w/ jane → globex pilot to proposal → f/u fri. actually make the f/u mon',
      testContext,
    );
    expect(commands.at(-1)).toMatchObject({ intent: 'create_task', entities: { dueDate: '2025-03-17' } });
  });

  it('while "no rush" and "no reply yet" correct nothing', () => {
    expect(
      only('add a task - clean up the Hooli contacts in the CRM, low pri, no rush').entities.priority,
    ).toBe('low');
    expect(only('linkedin msg to bob smith at initech, no reply yet').entities.interactionType).toBe(
      'message',
    );
  });

  it('an arrow to a stage moves the deal', () => {
    expect(only('opp → negotiation, amount 48k')).toMatchObject({
      intent: 'update_opportunity',
      entities: { stage: 'Negotiation', amount: { value: 48000, currency: 'USD' } },
    });
  });
});

describe('channels, competitors and closing out (working set m)', () => {
  it('a chat channel makes the interaction a message, of the clause that names it', () => {
    expect(only('talked to bob on slack re onboarding dates, all good 👍').entities.interactionType).toBe(
      'message',
    );
    const { commands } = parseUnguarded('called bob, then a linkedin msg to jane', testContext);
    expect(commands.map((c) => [c.entities.contact, c.entities.interactionType])).toEqual([
      ['Bob Smith', 'call'],
      ['Jane Doe', 'message'],
    ]);
  });

  it('"they\'re going with a competitor" tells how the call went; "close out the opp as lost" loses the deal', () => {
    expect(intents("call with hooli went badly, they're going with a competitor")).toEqual([
      'log_interaction',
    ]);
    const { commands } = parseUnguarded(
      "mtg w/ priya (hooli) 👎 they're going w/ a competitor. close out the opp as lost",
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.stage])).toEqual([
      ['log_interaction', undefined],
      ['update_opportunity', 'Lost'],
    ]);
  });
});

describe('more of one change, and what a voicemail says (working set m)', () => {
  it('"emailed too" after a call is another interaction; a voicemail tells no outcome', () => {
    const { commands } = parseUnguarded('called hooli, vm. emailed too', testContext);
    expect(commands.map((c) => [c.entities.interactionType, c.entities.outcome])).toEqual([
      ['call', undefined],
      ['email', undefined],
    ]);
  });

  it('another field of the same task is the same change', () => {
    expect(intents('the acme proposal is 70% done, set it to in progress and push due date to mon')).toEqual([
      'update_task',
    ]);
  });

  it('where a deal should be, not where it should not', () => {
    expect(only('globex pilot should be proposal not negotiation').entities.stage).toBe('Proposal');
  });

  it('the same question about the same account again is one question', () => {
    expect(intents("how's the hooli account looking, anyone talked to them lately?")).toEqual([
      'query_customer',
    ]);
  });
});

describe('a task category only when a word names its kind', () => {
  it.each([
    ['follow up with bob tmrw', 'follow_up'],
    ['draft the hooli proposal by fri', 'proposal'],
    ['schedule a meeting with jane next week', 'meeting'],
    ['finish the pricing training by 3/21', 'training'],
    ['update the crm with the new acme contacts', 'data_entry'],
    ['send bob the revised quote tmrw', undefined],
    ['prep the globex deck', undefined],
    ['call bob back tmrw', undefined],
    ['set up a reporting demo for jane next week', undefined],
  ])('%s: %s', (text, category) => {
    expect(only(text).entities.category).toBe(category);
  });
});

describe('the command before, again, for someone else', () => {
  it("\"what's on lena's plate tmrw? and sam's?\" asks it of both", () => {
    const { commands } = parseUnguarded("quick one: what's on lena's plate tmrw? and sam's?", testContext);
    expect(commands.map((c) => [c.intent, c.entities.assignee, c.entities.period?.from])).toEqual([
      ['query_tasks', 'U0456DEF', '2025-03-13'],
      ['query_tasks', 'U0123ABC', '2025-03-13'],
    ]);
  });

  it('"sam + lena: 500k revenue each" is a goal each, while "recap, 3 calls — ..." sets none', () => {
    expect(intents('team goal for q2: 30 deals won. sam + lena: 500k revenue each for q2')).toEqual([
      'set_goal',
      'set_goal',
      'set_goal',
    ]);
    expect(
      intents('recap, 3 calls — hooli (priya, good), globex (bob, pushed back on price 👎)'),
    ).not.toContain('set_goal');
  });
});

describe('a priority or visibility said by what a task becomes', () => {
  it.each([
    ['bump the hooli f/u to high', { priority: 'high', title: 'hooli follow up' }],
    ['hooli deck task → low', { priority: 'low' }],
    ['call Bob re the pilot feedback, hi pri!!', { priority: 'high' }],
    ['create a private low-pri task to read the comp plan', { priority: 'low', visibility: 'private' }],
    ['the acme f/u: make it high pri, due fri', { priority: 'high', dueDate: '2025-03-14' }],
    ['send Bob the deck | sam | tmrw | med', { priority: 'medium', title: 'send Bob the deck' }],
    ['chris: draft q2 territory plan, due 4/1 (team visible)', { visibility: 'team' }],
    ['write up the hooli sow, team visibility, due 3/20', { visibility: 'team' }],
    [
      'prep the globex success plan, share w team',
      { visibility: 'team', title: 'prep the globex success plan' },
    ],
    ['add a task just for me: draft the hooli renewal email by mon', { visibility: 'private' }],
    ['new task, team can see it: build the initech ROI model', { visibility: 'team' }],
    ['task: f/u with Priya on the umbrella POC, only visible to me', { visibility: 'private' }],
    ['share the hooli org chart w/ the team', { visibility: 'team', title: 'hooli org chart with the team' }],
  ])('%s', (text, entities) => {
    expect(only(text).entities).toMatchObject(entities);
  });

  it('does not read a level in other words as a priority', () => {
    expect(only('call Bob about the high end package tomorrow').entities.priority).toBeUndefined();
  });
});

describe('when a logged interaction happened', () => {
  it.each([
    ['initech mtg this am w/ aisha, went well', '2025-03-12'],
    ['Hooli call Monday 3pm with Priya', '2025-03-10T15:00:00-04:00'],
    ['had a call with bob on 3/10', '2025-03-10'],
  ])('%s happened %s', (text, occurredAt) => {
    expect(only(text).entities.occurredAt).toBe(occurredAt);
  });

  it.each([
    'note on initech: they are evaluating 2 vendors, decision by 3/28',
    'called Bob at Initech, he is out till monday',
    'had a call with bob about the kickoff on 3/19',
  ])('%s names no date it happened on', (text) => {
    expect(only(text).entities.occurredAt).toBeUndefined();
  });

  it('reads a short part of a day after its day', () => {
    expect(only('ping me tmrw am about the acme deck').entities).toMatchObject({
      remindAt: '2025-03-13',
      title: 'acme deck',
    });
  });
});

describe('a status asked of one task is no list by status', () => {
  it.each([
    'is the Hooli quote done yet?',
    "who's working on the Initech RFP?",
    'has sam started the crm cleanup?',
  ])('%s', (text) => {
    const command = only(text);
    expect(command.intent).toBe('query_tasks');
    expect(command.entities.status).toBeUndefined();
  });

  it.each([
    ['do i have anything in progress for globex', 'in_progress'],
    ["what's blocked for hooli", 'blocked'],
  ])('%s lists tasks %s', (text, status) => {
    expect(only(text).entities.status).toBe(status);
  });

  it('reads "almost done" as no status', () => {
    expect(only('umbrella health BAA task - almost done').entities.status).toBeUndefined();
  });
});

describe('questions of working set o', () => {
  it.each([
    ['who owns the acme renewal?', 'query_opportunity', { opportunity: 'Acme Renewal 2025' }],
    ["who's handling the globex pilot", 'query_opportunity', { opportunity: 'Globex Pilot' }],
    ['quick q: who owns the Hooli deal?', 'query_opportunity', { customer: 'Hooli' }],
    ['ctrl+z', 'undo', {}],
    ['who owns acme', 'query_customer', { customer: 'Acme Corp' }],
    ["what've i got on tmrw", 'query_tasks', { period: { from: '2025-03-13', to: '2025-03-13' } }],
    ["what's the latest with priya patel", 'query_customer', { contact: 'Priya Patel' }],
    ['how am i doing vs quota', 'query_goals', {}],
    ['Which rep has won the most deals this quarter?', 'query_performance', { metric: 'deals_won' }],
  ])('%s reads as %s', (text, intent, entities) => {
    const command = only(text);
    expect(command.intent).toBe(intent);
    expect(command.entities).toMatchObject(entities);
  });

  it('reads a month before a colon as the period, and the figure after it as the target', () => {
    expect(only('Team goal for March: 12 deals won.').entities).toMatchObject({
      metric: 'deals_won',
      target: 12,
      period: { from: '2025-03-01', to: '2025-03-31' },
    });
  });
});

describe('run-ons of working set o', () => {
  it('names a record again in lower case after naming it once', () => {
    expect(intents('✅ stark contract review. stark → won 🎉 75k')).toEqual([
      'complete_task',
      'update_opportunity',
    ]);
  });

  it('logs a record, a meeting noun and how long it took, with no verb', () => {
    const { commands } = parseUnguarded(
      'initech intro call, 15 min 👎 remind me june 2 to check back',
      testContext,
    );
    expect(commands.map((c) => c.intent)).toEqual(['log_interaction', 'set_reminder']);
    expect(commands[0]?.entities).toMatchObject({
      customer: 'Initech',
      durationMinutes: 15,
      outcome: 'negative',
    });
  });

  it('gives a colleague the work after a question about their plate', () => {
    const { commands } = parseUnguarded(
      "what's lena got on her plate this wk? give her the hooli intro call tmrw if she's light",
      testContext,
    );
    expect(commands.map((c) => c.intent)).toEqual(['query_tasks', 'create_task']);
    expect(commands[1]?.entities).toMatchObject({ assignee: 'U0456DEF', dueDate: '2025-03-13' });
  });

  it('reads "give bob a call" as a call to make', () => {
    expect(only('give bob a call tomorrow').entities).toMatchObject({
      contact: 'Bob Smith',
      dueDate: '2025-03-13',
    });
  });
});

describe('more of working set o', () => {
  it('logs a second interaction said by how long it took', () => {
    const { commands } = parseUnguarded(
      'emailed jane at acme the pricing deck, then 20 min teams call re seat tiers 👍',
      testContext,
    );
    expect(commands.map((c) => c.intent)).toEqual(['log_interaction', 'log_interaction']);
    expect(commands[1]?.entities).toMatchObject({ durationMinutes: 20, outcome: 'positive' });
  });

  it('logs a call the phone emoji opens when it says how long it took', () => {
    expect(only('📞 bob smith (globex) 20min re pricing 👎').entities).toMatchObject({
      interactionType: 'call',
      durationMinutes: 20,
      outcome: 'negative',
    });
    expect(only('📞 bob tmrw re pricing').intent).toBe('create_task');
  });

  it('reads how far a piece of work is as its progress', () => {
    expect(only('the hooli deck is 80% there').entities).toMatchObject({ progress: 80, title: 'hooli deck' });
  });

  it("asks for someone's tasks narrowed by status", () => {
    expect(only('my tasks this week that are in progress')).toMatchObject({
      intent: 'query_tasks',
      entities: { status: 'in_progress' },
    });
  });
});

describe('a goal asked with the goal unsaid, a phone conversation', () => {
  it.each(['am I on track', 'are we on pace?'])('%s asks about goals', (text) => {
    expect(only(text).intent).toBe('query_goals');
  });

  it('logs a phone conversation', () => {
    expect(only('phone convo w/ jane doe re contract redlines')).toMatchObject({
      intent: 'log_interaction',
      entities: { contact: 'Jane Doe', interactionType: 'call', summary: 'contract redlines' },
    });
  });
});

describe('a question about each of several deals', () => {
  it.each([
    ['status of acme renewal 2025 + globex pilot?', ['Acme Renewal 2025', 'Globex Pilot'], 'opportunity'],
    ['where are we with acme corp and globex', ['Acme Corp', 'Globex'], 'customer'],
  ] as const)('%s', (text, names, entity) => {
    const { commands } = parseUnguarded(text, testContext);
    expect(commands.map((c) => c.intent)).toEqual(['query_opportunity', 'query_opportunity']);
    expect(commands.map((c) => c.entities[entity])).toEqual(names);
  });
});

describe('a change of its own after a list mark', () => {
  it('reads progress said after a check mark as its own change', () => {
    const { commands } = parseUnguarded(
      '✅ hooli contract redlines, and the hooli proposal is now at 60%',
      testContext,
    );
    expect(commands.map((c) => c.intent)).toEqual(['complete_task', 'update_task']);
    expect(commands[1]?.entities).toMatchObject({ progress: 60, title: 'hooli proposal' });
  });
});

describe('a heading before a list', () => {
  it('is no command of its own', () => {
    const { commands } = parseUnguarded(
      'done today: ✅ Acme deck ✅ Globex follow-up ✅ Hooli questionnaire',
      testContext,
    );
    expect(commands.map((c) => c.entities.title)).toEqual([
      'Acme deck',
      'Globex follow up',
      'Hooli questionnaire',
    ]);
  });
});

describe('what an interaction was about', () => {
  it.each([
    ['lunch w/ Carlos Mendez, talked expansion timing 👎 not happening this qtr', 'expansion timing'],
    ['email to jane (acme) abt invoice dispute', 'invoice dispute'],
    ['note on hooli — champion is leaving', 'champion is leaving'],
  ])('%s is about %s', (text, summary) => {
    expect(only(text).entities.summary).toBe(summary);
  });
});

describe('what a preamble announces as a task', () => {
  it('is a task, not what its words would ask', () => {
    expect(only('team task: update forecast fields in the CRM, EOD friday')).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'team', title: 'update forecast fields in the CRM' },
    });
  });

  it('still asks a question after it', () => {
    expect(only("task: what's due tomorrow").intent).toBe('query_tasks');
  });
});

describe('working set n', () => {
  it.each([
    ['ping me at 5:30 pm to log my calls', 'set_reminder', { remindAt: '2025-03-12T17:30:00-04:00' }],
    ["what's the globex pilot at", 'query_opportunity', { opportunity: 'Globex Pilot' }],
    ['total revenue won yesterday?', 'query_performance', { metric: 'revenue' }],
    ['how much pipeline did i create this month', 'query_performance', { metric: 'pipeline' }],
    [
      '# of tasks sam completed this week?',
      'query_performance',
      { metric: 'tasks_completed', assignee: 'U0123ABC' },
    ],
    [
      '<@U0456DEF> aim for 15 demos next week',
      'set_goal',
      { metric: 'demos', target: 15, assignee: 'U0456DEF' },
    ],
    ['reminder thu 2:30pm - call bob re renewal', 'set_reminder', { title: 'call bob re renewal' }],
    [
      'set reminder: fri 9:15am, send priya the case study',
      'set_reminder',
      { remindAt: '2025-03-14T09:15:00-04:00' },
    ],
  ])('%s reads as %s', (text, intent, entities) => {
    const command = only(text);
    expect(command.intent).toBe(intent);
    expect(command.entities).toMatchObject(entities);
  });
});

describe('clock times written short', () => {
  it.each([
    ['remind me mon 9ish to update the forecast', '2025-03-17T09:00:00-04:00'],
    ['remind me for 4:15p: email priya the pricing sheet', '2025-03-12T16:15:00-04:00'],
    ['remind me at 1530 to call bob', '2025-03-12T15:30:00-04:00'],
  ])('%s at %s', (text, remindAt) => {
    expect(only(text).entities.remindAt).toBe(remindAt);
  });

  it('leaves figures that are no clock time alone', () => {
    expect(only('new deal for Hooli, 1200 seats at 2025 prices, 80k').entities.amount).toEqual({
      value: 80000,
      currency: 'USD',
    });
  });
});

describe('a part of a day without a clock', () => {
  it.each([
    ['remind me after lunch to chase priya', '2025-03-12', 'chase priya'],
    [
      'reminder fri after lunch: chase priya for the signed SOW',
      '2025-03-14',
      'chase priya for the signed SOW',
    ],
    ['remind me tmrw first thing to send the deck', '2025-03-13', 'send the deck'],
    ['first thing monday remind me to call bob', '2025-03-17', 'call bob'],
  ])('%s is the day %s, out of the title', (text, remindAt, title) => {
    expect(only(text)).toMatchObject({ intent: 'set_reminder', entities: { remindAt, title } });
  });
});

describe('a task announced with its priority or for the writer alone', () => {
  it('reads "new task p1 - ..." as one task with that priority', () => {
    expect(only('new task p1 - send hooli the sow')).toMatchObject({
      intent: 'create_task',
      entities: { priority: 'high', title: 'send hooli the sow', customer: 'Hooli' },
    });
  });

  it('reads "just me" as a private task, not its title', () => {
    expect(only('add a task for me, just me, to prep the qbr deck')).toMatchObject({
      intent: 'create_task',
      entities: { visibility: 'private', title: 'prep the qbr deck' },
    });
  });

  it('reads "top pri" as critical', () => {
    expect(only('task: re-pitch deck for pied piper by fri, top pri').entities.priority).toBe('critical');
  });
});

describe('an interaction named with a date ahead', () => {
  it('is a task to hold it when it is all the message says', () => {
    expect(only('call w/ bob tomorrow at 3')).toMatchObject({
      intent: 'create_task',
      entities: { contact: 'Bob Smith', dueDate: '2025-03-13T15:00:00-04:00' },
    });
  });

  it('is context for the commands after it, never a logged interaction', () => {
    const { commands } = parseUnguarded(
      'mtg tmrw w/ globex — create task to prep agenda by EOD and remind me tmrw 8am',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.customer])).toEqual([
      ['create_task', 'Globex'],
      ['set_reminder', 'Globex'],
    ]);
  });

  it('is still logged when it says how it went', () => {
    expect(only('call with bob yesterday, went well').intent).toBe('log_interaction');
  });
});

describe('an emoji of how things went, on a task', () => {
  it('says the task is critical', () => {
    expect(only('🔥 fix the wrong amount on the globex order form today').entities.priority).toBe('critical');
  });

  it('still says how a logged demo went', () => {
    expect(only("demo'd hooli this morning 🔥 they loved it").entities).toMatchObject({
      outcome: 'positive',
    });
  });
});

describe('who may see a task, changed', () => {
  it.each([
    ['share the initech onboarding task with the team', { visibility: 'team', title: 'initech onboarding' }],
    ['the hooli deck task should be private, just me', { visibility: 'private', title: 'hooli deck' }],
  ])('%s changes the task', (text, entities) => {
    expect(only(text)).toMatchObject({ intent: 'update_task', entities });
  });

  it('reads "so lena can edit" as why, not as a task for Lena', () => {
    const command = only('make the acme pricing task collaborative so lena can edit it too');
    expect(command).toMatchObject({ intent: 'update_task', entities: { visibility: 'collaborative' } });
    expect(command.entities.assignee).toBeUndefined();
  });

  it('still reads sharing with a due date as work to do', () => {
    expect(only('pls share the q3 deck with the team by friday').intent).toBe('create_task');
  });
});

describe('work handed to a colleague, or said to need doing by a time', () => {
  it('reads "<@raj> pls take over the X" as the task changing hands', () => {
    expect(only('<@U0456DEF> pls take over the globex quote')).toMatchObject({
      intent: 'update_task',
      entities: { assignee: 'U0456DEF', title: 'globex quote' },
    });
  });

  it('reads "needs to be done EOD" as a due date, not as done', () => {
    const command = only('the hooli proposal needs to be done eod');
    expect(command.intent).not.toBe('complete_task');
    expect(command.entities).toMatchObject({ title: 'hooli proposal', dueDate: '2025-03-12' });
    expect(command.entities.status).toBeUndefined();
  });
});

describe('the writer in a list of who does what', () => {
  it('gives "me: ..." its own task, with no assignee', () => {
    const { commands } = parseUnguarded(
      'lena: globex follow up (fri); sam: book the hooli demo (mon); me: acme proposal',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.assignee, c.entities.title])).toEqual([
      ['create_task', 'U0456DEF', 'globex follow up'],
      ['create_task', 'U0123ABC', 'book the hooli demo'],
      ['create_task', undefined, 'acme proposal'],
    ]);
  });
});

describe('requests for things the product does not do', () => {
  it.each([
    'open a Jira ticket for the broken login page',
    'my laptop keeps freezing, can someone open an IT ticket',
    'book conf room B for 3pm',
    'write me a cold email for the acme CTO',
    "what's 15% of 80k",
    "my call w/ the dentist got moved to fri so I'll be out at 2",
  ])('%s is no command of ours', (text) => {
    expect(intents(text).every((intent) => intent === 'unknown')).toBe(true);
  });
});

describe('trying someone again after a log', () => {
  it.each([
    ['vm for jane at acme 👎 no pickup again, try again thurs', '2025-03-13'],
    ['linkedin msg to bob smith, no reply yet. nudge him again next wk', '2025-03-17'],
  ])('%s logs it and makes the task of trying again', (text, dueDate) => {
    const { commands } = parseUnguarded(text, testContext);
    expect(commands.map((c) => c.intent)).toEqual(['log_interaction', 'create_task']);
    expect(commands[1]!.entities.dueDate).toBe(dueDate);
  });
});

describe('two tasks joined by "+", the second about the person of the first', () => {
  it('reads "call bob tmrw + send him the deck eod" as two tasks, each with its own date', () => {
    const { commands } = parseUnguarded('call bob tmrw + send him the deck eod', testContext);
    expect(commands.map((c) => [c.intent, c.entities.dueDate])).toEqual([
      ['create_task', '2025-03-13'],
      ['create_task', '2025-03-12'],
    ]);
  });
});

describe('a pipe between items', () => {
  it('separates the commands of a list', () => {
    expect(intents('acme: call w/ bob, pricing pushback 👎 | hooli: email to jane re SOW')).toEqual([
      'log_interaction',
      'log_interaction',
    ]);
  });
});

describe('a commitment said in the progressive, with a date ahead', () => {
  it('is a task after the log', () => {
    const { commands } = parseUnguarded('call w/ bob, sending him the quote tmrw', testContext);
    expect(commands.map((c) => [c.intent, c.entities.dueDate])).toEqual([
      ['log_interaction', undefined],
      ['create_task', '2025-03-13'],
    ]);
  });
});

describe('a task announced with a medium priority, or handed over by "assign <name>"', () => {
  it('reads "med priority task - ..." as one task', () => {
    expect(only('med priority task - send jane the integration docs tmrw')).toMatchObject({
      intent: 'create_task',
      entities: { priority: 'medium', title: 'send jane the integration docs' },
    });
  });

  it('reads "..., assign sam" as who does the task', () => {
    expect(only('globex - renewal paperwork, in 2 wks, assign sam')).toMatchObject({
      intent: 'create_task',
      entities: { assignee: 'U0123ABC' },
    });
  });
});

describe('a task announcement that runs on to a colon, and "half past"', () => {
  it('reads "low pri task, visible to team: ..." as one task with both', () => {
    expect(only('low pri task, visible to team: tidy up stale opps in the CRM')).toMatchObject({
      intent: 'create_task',
      entities: { priority: 'low', visibility: 'team' },
    });
  });

  it('reads "at half past 2" as 14:30', () => {
    expect(only('remind me at half past 2 to call bob').entities.remindAt).toBe('2025-03-12T14:30:00-04:00');
  });
});

describe('a clock time after a day of the month', () => {
  it.each([
    ['remind me the 24th 10:00 to call Bob', '2025-03-24T10:00:00-04:00'],
    ['remind me on the 24th at 10 to send Acme the deck', '2025-03-24T10:00:00-04:00'],
    ['remind me the 24th at 9am re Globex renewal', '2025-03-24T09:00:00-04:00'],
    ['remind me end of month at 3 to check the Initech numbers', '2025-03-31T15:00:00-04:00'],
  ])('"%s" is that day at that time', (text, remindAt) => {
    expect(only(text).entities.remindAt).toBe(remindAt);
  });

  it('leaves a count after the day alone ("the 24th, 10 seats")', () => {
    expect(only('follow up with Acme by the 24th, 10 seats').entities.dueDate).toBe('2025-03-24');
  });
});

describe('reminder times said around the clock', () => {
  it.each([
    ['remind me at lunch to text priya back', '2025-03-12T12:00:00-04:00'],
    ['remind me day after tmrw to ask bob about budget', '2025-03-14'],
    ["remind me 9am on the 18th: priya's budget meeting", '2025-03-18T09:00:00-04:00'],
    ['remind @lena wed the 19th at 10 about the globex renewal', '2025-03-19T10:00:00-04:00'],
    ['remind me 15 min before my 3pm to pull up the stark numbers', '2025-03-12T14:45:00-04:00'],
    [
      'need a reminder half hour before my 2pm tmrw to print the umbrella contracts',
      '2025-03-13T13:30:00-04:00',
    ],
    ['rmd me 2:45 call bob back', '2025-03-12T14:45:00-04:00'],
  ])('"%s" is at %s', (text, remindAt) => {
    expect(only(text)).toMatchObject({ intent: 'set_reminder', entities: { remindAt } });
  });

  it('leaves the offset out of the title and is no meeting length', () => {
    const { entities } = only('remind me 15 min before my 3pm to pull up the stark numbers');
    expect(entities).toMatchObject({ title: 'pull up the stark numbers', customer: 'Stark Industries' });
    expect(entities.durationMinutes).toBeUndefined();
  });

  it('still reads "in 10 minutes" from now', () => {
    expect(only('remind me in 10 minutes to call bob').entities.remindAt).toBe('2025-03-12T10:40:00-04:00');
  });
});

describe('task details in brackets, shared visibility and "get X to ..."', () => {
  it.each([
    ['new task (private) - prep talking points for umbrella exec mtg mon', { visibility: 'private' }],
    ['new task (high) - prep talking points for umbrella exec mtg mon', { priority: 'high' }],
    ['🔥 pri 1: get umbrella health the BAA by fri', { priority: 'high' }],
    ['task: send bob the case studies, share it w lena', { visibility: 'collaborative' }],
    ['review the initech redlines by monday. keep it between me and lena', { visibility: 'collaborative' }],
  ])('"%s" is one task with %j', (text, entities) => {
    expect(only(text)).toMatchObject({ intent: 'create_task', entities });
  });

  it('does not give the task to the colleague it is shared with', () => {
    expect(only('task: send bob the case studies, share it w lena').entities.assignee).toBeUndefined();
  });

  it('drops brackets emptied of their details from the title', () => {
    expect(only('todo (p3): training on the new cpq tool').entities).toMatchObject({
      title: 'training on the new cpq tool',
      priority: 'low',
    });
  });

  it('reads "get legal to sign off on ..." as a task', () => {
    expect(only('critical: get legal to sign off on the initech MSA today')).toMatchObject({
      intent: 'create_task',
      entities: { priority: 'critical', customer: 'Initech' },
    });
  });
});

describe('who a reminder is for, and details said of every command', () => {
  it.each([
    ['remind me fri at 9 to tell lena', 'tell lena'],
    ['call bob at 3, and remind me at 4 to send lena the notes', 'send lena the notes'],
  ])('"%s" is the writer\'s reminder about a colleague', (text, title) => {
    const reminder = parseUnguarded(text, testContext).commands.find((c) => c.intent === 'set_reminder');
    expect(reminder?.entities).toMatchObject({ title });
    expect(reminder?.entities.assignee).toBeUndefined();
  });

  it('still gives "remind lena ..." and "remind me and sam ..." to the colleague', () => {
    expect(only('remind lena at 4 to call bob').entities.assignee).toBe('U0456DEF');
    expect(only('remind me and sam at 2 to prep for the acme call').entities.assignee).toBe('U0123ABC');
  });

  it('gives "both due end of month, high pri" to every task before it', () => {
    const { commands } = parseUnguarded(
      'new tasks: sam → acme renewal prep, lena → globex expansion prep, both due end of month, high pri',
      testContext,
    );
    expect(commands.map((c) => [c.entities.title, c.entities.dueDate, c.entities.priority])).toEqual([
      ['acme renewal prep', '2025-03-31', 'high'],
      ['globex expansion prep', '2025-03-31', 'high'],
    ]);
  });

  it('keeps a detail said of one task to that task', () => {
    const { commands } = parseUnguarded('sam: send the acme deck, lena: call bob fri, high pri', testContext);
    expect(commands.map((c) => c.entities.priority)).toEqual([undefined, 'high']);
  });
});

describe('where a task stands, said first', () => {
  it('reads "still working on the forecast" as a task in progress, not a pipeline question', () => {
    expect(only('still working on the forecast')).toMatchObject({
      intent: 'update_task',
      entities: { status: 'in_progress', title: 'forecast' },
    });
  });

  it('reads "loop in legal" as a task, not a stage', () => {
    expect(intents('acme to negotiation, close 4/15. @lena pls loop in legal by fri')).toEqual([
      'update_opportunity',
      'create_task',
    ]);
  });

  it('reads "eod recap:" as a preamble, not a close date', () => {
    const [deal] = parseUnguarded(
      'eod recap: acme renewal verbal yes, mark it won at 95k',
      testContext,
    ).commands;
    expect(deal?.entities.closeDate).toBeUndefined();
  });
});

describe('quoted task names, reminders said to a colleague, and calls told by what was said on them', () => {
  it('reads a quoted task name as the name, and a change to it after a reminder as its own command', () => {
    const { commands } = parseUnguarded(
      "remind me fri 1:30 to prep for the acme call, and push 'acme deck' to thurs",
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.title])).toEqual([
      ['set_reminder', 'prep for the acme call'],
      ['update_task', 'acme deck'],
    ]);
  });

  it('reads "@lena reminder for you tues 11am: ..." as a reminder for Lena', () => {
    expect(only('@lena reminder for you tues 11am: initech security review')).toMatchObject({
      intent: 'set_reminder',
      entities: { assignee: 'U0456DEF', remindAt: '2025-03-18T11:00:00-04:00' },
    });
  });

  it('logs "<customer> 👎 on the call" before the stage change that follows', () => {
    expect(intents('initech 👎 on the call, budget frozen till q3. moving them to lost.')).toEqual([
      'log_interaction',
      'update_opportunity',
    ]);
  });
});

describe('a visibility said of all tasks, and a typo near part of a name that is an everyday word', () => {
  it('gives "all team visible" to every task before it', () => {
    const { commands } = parseUnguarded(
      'sam: f/u with jane re renewal terms, lena: proposal for hooli by mon. all team visible pls',
      testContext,
    );
    expect(commands.map((c) => c.entities.visibility)).toEqual(['team', 'team']);
  });

  it('does not read "startd" as Stark, but still reads "Initek" as Initech', () => {
    expect(only('startd on the initech roi model').entities.customer).toBe('Initech');
    expect(only('call w/ Initek').entities.customer).toBe('Initech');
  });
});

describe("a customer's wish, a figure after a period's colon, and progress said alone", () => {
  it('does not make "they want a POC" a task of ours', () => {
    expect(intents('call w/ jane at acme re pricing. she wants a POC first, so back to qualified')).toEqual([
      'log_interaction',
      'update_opportunity',
    ]);
  });

  it('still makes "they want a proposal" one', () => {
    expect(intents('they want a proposal')).toEqual(['create_task']);
  });

  it('reads "goal for lena this month: 15 demos" as a goal set', () => {
    expect(only('goal for lena this month: 15 demos')).toMatchObject({
      intent: 'set_goal',
      entities: { assignee: 'U0456DEF', metric: 'demos', target: 15 },
    });
  });

  it('reads "drafted the acme proposal, 80% there" as progress on that task', () => {
    expect(only('drafted the acme proposal, 80% there')).toMatchObject({
      intent: 'update_task',
      entities: { progress: 80, title: 'acme proposal' },
    });
  });

  it('keeps "new task: acme proposal, 50%" a new task', () => {
    expect(only('new task: acme proposal, 50%').intent).toBe('create_task');
  });
});

describe('list entries: "add:", "the X done too", "<customer> call 👎." and "amt"', () => {
  it('reads "also add: ..." after a question as a new task', () => {
    const { commands } = parseUnguarded(
      "what's on my plate today? also add: send bob the MSA, EOD",
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.title])).toEqual([
      ['query_tasks', undefined],
      ['create_task', 'send bob the MSA'],
    ]);
  });

  it('reads "and the globex intro email done too" as a second task done, not an email', () => {
    expect(intents('mark the acme deck done and the globex intro email done too')).toEqual([
      'complete_task',
      'complete_task',
    ]);
  });

  it('keeps "the hooli deck task is 50% done" a progress update', () => {
    expect(only('the hooli deck task is 50% done')).toMatchObject({
      intent: 'update_task',
      entities: { progress: 50 },
    });
  });

  it('logs each record and kind of a recap', () => {
    expect(
      intents('recap from today: initech demo 👍. globex call 👎. hooli email re pricing sent.'),
    ).toEqual(['log_interaction', 'log_interaction', 'log_interaction']);
  });

  it('reads "amt" as amount', () => {
    expect(intents('acme renewal amt? also who is our contact there')).toEqual([
      'query_opportunity',
      'query_customer',
    ]);
  });
});

describe('a need with its date after a deal change, and pinging a colleague at a time', () => {
  it('reads "need to kick off onboarding next week" as a task of its own after a deal change', () => {
    expect(intents("they're in, move umbrella to won, 85k. need to kick off onboarding next week")).toEqual([
      'update_opportunity',
      'create_task',
    ]);
  });

  it('reads "ping lena at 3 about it" as a reminder for Lena', () => {
    expect(only('ping lena at 3 about it')).toMatchObject({
      intent: 'set_reminder',
      entities: { assignee: 'U0456DEF', remindAt: '2025-03-12T15:00:00-04:00' },
    });
  });
});

describe('"put on raj\'s list: ..."', () => {
  it('is a task for Raj with the details after it', () => {
    expect(only("put on lena's list: schedule QBR with hooli, medium pri, team visible")).toMatchObject({
      intent: 'create_task',
      entities: {
        assignee: 'U0456DEF',
        priority: 'medium',
        visibility: 'team',
        title: 'schedule QBR with hooli',
      },
    });
  });
});

describe('a list of calls, each with the account its contact is at', () => {
  it('logs one call per entry, each with its own outcome', () => {
    const { commands } = parseUnguarded(
      '3 calls this am: jane doe at acme 👍, priya at globex 👎, bob smith at initech - no answer, left vm',
      testContext,
    );
    expect(
      commands.map((c) => [c.intent, c.entities.contact, c.entities.customer, c.entities.outcome]),
    ).toEqual([
      ['log_interaction', 'Jane Doe', 'Acme Corp', 'positive'],
      ['log_interaction', 'Priya Patel', 'Globex', 'negative'],
      ['log_interaction', 'Bob Smith', 'Initech', undefined],
    ]);
  });
});

describe('"log 3 calls today: ..."', () => {
  it('logs each call and keeps the question after it a question of its own', () => {
    const { commands } = parseUnguarded(
      'pls log 3 calls today: acme (jane), initech (bob), hooli - all short. then show my overdue tasks',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.customer])).toEqual([
      ['log_interaction', 'Acme Corp'],
      ['log_interaction', 'Initech'],
      ['log_interaction', 'Hooli'],
      ['query_tasks', undefined],
    ]);
  });
});

describe('a quarter a deal closes in', () => {
  it.each([
    ['new 50k opp w/ acme, closing q1', '2025-03-31'],
    ['acme deal closing q2', '2025-06-30'],
    ['initech expected to sign in q3', '2025-09-30'],
  ])('"%s" closes on %s', (text, closeDate) => {
    expect(only(text).entities.closeDate).toBe(closeDate);
  });

  it.each(['deals closing in q2', 'what is closing in q2', 'anything closing q2?'])(
    '"%s" stays a question about the period',
    (text) => {
      expect(only(text)).toMatchObject({
        intent: 'query_pipeline',
        entities: { period: { from: '2025-04-01' } },
      });
    },
  );
});

describe('a five-letter name with a letter left out', () => {
  it('reads "Prya" as Priya', () => {
    expect(only('phone call with Prya from Globex, positive').entities.contact).toBe('Priya Patel');
  });
});

describe('a clock hour without a day that has passed', () => {
  it('is the next one for a reminder ("remind me at 9" at 10:30 is tomorrow at 9)', () => {
    expect(only('remind me at 9 to call bob').entities.remindAt).toBe('2025-03-13T09:00:00-04:00');
    expect(only('remind me at 11 to call bob').entities.remindAt).toBe('2025-03-12T11:00:00-04:00');
  });
});

describe('thanks and praise for colleagues', () => {
  it.each(['<@U0456DEF> great work today', 'sam, lena: nice job this week!', 'thanks lena 🙌'])(
    '"%s" is no task for them',
    (text) => {
      expect(intents(text)).toEqual(['unknown']);
    },
  );

  it('lends neither its colleagues nor its day to the command after it', () => {
    const { commands } = parseUnguarded(
      '<@U0456DEF> <@U0123ABC> great work today. Hooli is closed won',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities])).toEqual([
      ['update_opportunity', { customer: 'Hooli', stage: 'Won' }],
    ]);
  });

  it('a greeting still addresses the colleague it names', () => {
    expect(only('hi lena, can you send bob the quote').entities).toMatchObject({ assignee: 'U0456DEF' });
  });
});

describe('numbered lists and questions before a change', () => {
  it('each item of a numbered or lettered list is a command of its own', () => {
    expect(
      intents('1) who owns Hooli 2) when did we last meet Hooli 3) remind me tmrw to call them'),
    ).toEqual(['query_customer', 'query_customer', 'set_reminder']);
    expect(intents("(1) whats due today (2) anything blocked for sam (3) what's closing this week?")).toEqual(
      ['query_tasks', 'query_tasks', 'query_pipeline'],
    );
    expect(intents('a) move Globex to proposal b) whats in proposal for lena')).toEqual([
      'update_opportunity',
      'query_pipeline',
    ]);
  });

  it('a change after a question the rules cannot read is still a change of its own', () => {
    expect(
      intents('is the Globex pilot closing this month or next? also set a reminder to ping Bob fri 2pm'),
    ).toEqual(['query_opportunity', 'set_reminder']);
  });
});

describe('a check mark after what it marks done', () => {
  it('ends that clause: what follows is a command of its own', () => {
    expect(intents('Acme proposal sent ✅ next up: f/u w/ Jane mon')).toEqual([
      'complete_task',
      'create_task',
    ]);
    expect(intents('the Acme deck is done ✅ send it to Bob by eod')).toEqual([
      'complete_task',
      'create_task',
    ]);
  });
});

describe('"it" after a deal just named', () => {
  it('is that deal', () => {
    const [question, change] = parseUnguarded(
      "where's the Globex pilot at? move it to negotiation",
      testContext,
    ).commands;
    expect(question).toMatchObject({
      intent: 'query_opportunity',
      entities: { opportunity: 'Globex Pilot' },
    });
    expect(change).toMatchObject({
      intent: 'update_opportunity',
      entities: { opportunity: 'Globex Pilot', customer: 'Globex', stage: 'Negotiation' },
    });
  });
});

describe('when a logged interaction happened, by the clock', () => {
  it('a clock hour already passed today is today', () => {
    expect(only('had a call with Bob at 9:15').entities.occurredAt).toBe('2025-03-12T09:15:00-04:00');
  });

  it('"out til monday" is no day it happened', () => {
    expect(only("left Bob a vm, he's out til mon").entities.occurredAt).toBeUndefined();
  });
});

describe('a heading before a list', () => {
  it('says nothing itself', () => {
    expect(intents('eod recap: 1) call w/ Jane at Acme 👍 2) Acme renewal to negotiation')).toEqual([
      'log_interaction',
      'update_opportunity',
    ]);
    expect(intents('todo list pls - prep q2 plan by eom - call Bob tmrw')).toEqual([
      'create_task',
      'create_task',
    ]);
  });

  it('a question before a dash still asks', () => {
    expect(intents("what's on my todo list - and mark the Acme deck done")).toEqual([
      'query_tasks',
      'complete_task',
    ]);
  });
});

describe('questions about what the product lets people do, and "either way"', () => {
  it.each(['can tasks be shared with just a couple ppl?', 'does closer let me share a task with teammates?'])(
    '"%s" asks for help',
    (text) => {
      expect(intents(text)).toEqual(['help']);
    },
  );

  it('"either way" after a question opens a change of its own', () => {
    const [question, change] = parseUnguarded(
      'whats the close date on the Globex pilot? either way push it to 4/15',
      testContext,
    ).commands;
    expect(question?.intent).toBe('query_opportunity');
    expect(change).toMatchObject({ intent: 'update_opportunity', entities: { closeDate: '2025-04-15' } });
  });

  it("asks what is on the team's plate", () => {
    expect(intents("what's on the team's plate this week")).toEqual(['query_tasks']);
  });
});

describe('"N things for <colleague>:"', () => {
  it('gives the colleague every task of the list', () => {
    const { commands } = parseUnguarded(
      '3 things for <@U0456DEF>: call Bob tmrw, send Acme the deck by fri',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.assignee, c.entities.title])).toEqual([
      ['create_task', 'U0456DEF', 'call Bob'],
      ['create_task', 'U0456DEF', 'send Acme the deck'],
    ]);
  });
});

describe('run-ons seen in hurried messages', () => {
  it('a reminder for a colleague after one for me is a second reminder', () => {
    const { commands } = parseUnguarded(
      'remind me at 2 to prep for the Acme mtg + remind sam at 3 to join it',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.assignee, c.entities.remindAt])).toEqual([
      ['set_reminder', undefined, '2025-03-12T14:00:00-04:00'],
      ['set_reminder', 'U0123ABC', '2025-03-12T15:00:00-04:00'],
    ]);
  });

  it('an amount after an arrow changes the deal, and a question after it asks', () => {
    expect(intents('Hooli deal -> 75k. also what else is closing this month?')).toEqual([
      'update_opportunity',
      'query_pipeline',
    ]);
  });

  it('"who is our main person at X" after a deal question asks of its own', () => {
    expect(intents("whats the stage on the Globex pilot + who's our main person at Globex")).toEqual([
      'query_opportunity',
      'query_customer',
    ]);
  });

  it('"give <colleague> a task to ..." and "actually switch ..." keep the title of the work', () => {
    expect(only('give <@U0123ABC> a task to send Bob the API docs tmrw').entities).toMatchObject({
      assignee: 'U0123ABC',
      title: 'send Bob the API docs',
    });
    expect(only('actually switch the Hooli MSA task back to private')).toMatchObject({
      intent: 'update_task',
      entities: { title: 'Hooli MSA', visibility: 'private' },
    });
  });
});

describe('short questions joined by "+", and " / next:"', () => {
  it('asks each', () => {
    expect(intents("sam's pipeline + sam's calls this month + sam vs quota, pls")).toEqual([
      'query_pipeline',
      'query_performance',
      'query_goals',
    ]);
  });

  it('a slash before "next:" ends the clause before it', () => {
    const { commands } = parseUnguarded(
      'done w the Acme DPA ✅ / next: get signatures from Bob by EOW',
      testContext,
    );
    expect(commands.map((c) => [c.intent, c.entities.title])).toEqual([
      ['complete_task', 'Acme DPA'],
      ['create_task', 'get signatures from Bob'],
    ]);
  });
});

describe('run-ons joined loosely', () => {
  it.each([
    [
      'new deal: Hooli, 20k, qualified + task to send Jane the deck by fri',
      ['create_opportunity', 'create_task'],
    ],
    [
      'Hooli: new opportunity at 50k in Proposal; also log today’s discovery call with Bob',
      ['create_opportunity', 'log_interaction'],
    ],
    ['i have to ring Bob tmrw and email Priya by thursday', ['create_task', 'create_task']],
    ['move the acme deck to monday and tell me what’s left for today', ['update_task', 'query_tasks']],
    ['what is lena working on? + anything overdue on her list', ['query_tasks', 'query_tasks']],
  ])('%s', (text, expected) => {
    expect(intents(text)).toEqual(expected);
  });
});

describe('a question asked again, of another', () => {
  it.each([
    ['where is the globex pilot at? also acme renewal', ['query_opportunity', 'query_opportunity']],
    ['sams tasks due today? and also mine', ['query_tasks', 'query_tasks']],
  ])('%s', (text, expected) => {
    expect(intents(text)).toEqual(expected);
  });
});

describe('a message sent, said by what it did', () => {
  it('reads "told bob on slack" as a message logged', () => {
    expect(only('told Bob on slack that the quote is final')).toMatchObject({
      intent: 'log_interaction',
      entities: { contact: 'Bob Smith', interactionType: 'message' },
    });
  });
});

describe('another of the kind said before', () => {
  it('logs "one" as the kind the question before counted', () => {
    const [, log] = parseUnguarded(
      'how many calls did I make this week? log one with Priya re pricing',
      testContext,
    ).commands;
    expect(log).toMatchObject({
      intent: 'log_interaction',
      entities: { interactionType: 'call', contact: 'Priya Patel' },
    });
  });

  it.each([
    ['show me sam’s pipeline, then lena’s', ['query_pipeline', 'query_pipeline']],
    [
      'call w/ Bob at Acme re pricing, good. same w/ Priya at Umbrella',
      ['log_interaction', 'log_interaction'],
    ],
    ['task to send Acme the case study by fri, and for Initech too', ['create_task', 'create_task']],
    [
      'do we know anyone at Hooli? either way spin up an opp for them, 20k',
      ['query_customer', 'create_opportunity'],
    ],
  ])('%s', (text, expected) => {
    expect(intents(text)).toEqual(expected);
  });
});

describe("a task asked for in so many words, about a colleague's things", () => {
  it.each([
    ["task to review sam's deals by fri", "review sam's deals"],
    ["new task: go over lena's pipeline", "go over lena's pipeline"],
    ["need a task to check sam's numbers before the QBR", "check sam's numbers before the QBR"],
  ])("%s is a task of the writer's, not a question about the colleague", (text, title) => {
    const [task, ...rest] = parsed(text);
    expect(rest).toEqual([]);
    expect(task).toMatchObject({ intent: 'create_task', entities: { title } });
    expect(task!.entities.assignee).toBeUndefined();
  });

  it('still gives a task to a colleague whose task it is, or who is on it', () => {
    expect(parsed("book the Hooli onsite next week — lena's on it")[0]?.entities.assignee).toBe('U0456DEF');
  });

  it('still answers the question the same words ask', () => {
    expect(parsed("what are sam's deals closing this month?").map((c) => c.intent)).toEqual([
      'query_pipeline',
    ]);
  });
});

describe('a task named as one, handed to a colleague', () => {
  it.each(['assign the hooli msa task to lena', 'lena, take over the hooli msa task'])(
    '%s changes who the task is for',
    (text) => {
      expect(parsed(text)).toMatchObject([
        { intent: 'update_task', entities: { assignee: 'U0456DEF', title: 'hooli msa' } },
      ]);
    },
  );

  it('still makes new work of an assignment that names no task', () => {
    expect(parsed('assign the hooli security review to lena')[0]?.intent).toBe('create_task');
  });
});

describe('the same work again, for another account', () => {
  it('names the other account in the copy, and keeps the first account people to it', () => {
    const [first, copy] = parsed('call Jane at Acme tmrw about the renewal, and same for Hooli');
    expect(first?.entities).toMatchObject({ customer: 'Acme Corp', contact: 'Jane Doe' });
    expect(copy).toMatchObject({
      intent: 'create_task',
      entities: { customer: 'Hooli', title: 'call Jane at Hooli about the renewal', dueDate: '2025-03-13' },
    });
    expect(copy?.entities.contact).toBeUndefined();
  });

  it('moves another deal said short with its own account, and keeps the title a copy names itself', () => {
    expect(parsed('move the acme renewal to negotiation and the globex pilot too')).toMatchObject([
      { intent: 'update_opportunity', entities: { opportunity: 'Acme Renewal 2025' } },
      {
        intent: 'update_opportunity',
        entities: { opportunity: 'Globex Pilot', customer: 'Globex', stage: 'Negotiation' },
      },
    ]);
    expect(parsed('mark the acme deck done and the hooli sow too')[1]?.entities.title).toBe('hooli sow');
  });
});

describe('from a new user trial', () => {
  it.each([
    ['new 30k opp w/ Globex, closing end of jan', '2026-01-31'],
    ['new 30k opp w/ Globex, closing end of sept', '2025-09-30'],
  ])('reads the end of a month named short: %s', (text, closeDate) => {
    expect(parsed(text)).toMatchObject([{ intent: 'create_opportunity', entities: { closeDate } }]);
  });

  it('makes "note to self: <work>" a task, and "note to self: <news>" still a note', () => {
    expect(parsed('note to self: review the Globex forecast before thursday')).toMatchObject([
      { intent: 'create_task', entities: { title: 'review the Globex forecast', dueDate: '2025-03-13' } },
    ]);
    expect(parsed('note to self: Acme wants a discount')).toMatchObject([
      { intent: 'log_interaction', entities: { interactionType: 'note' } },
    ]);
  });
});

describe('from working sets aa and ab (session of 2026-12-06)', () => {
  it('reads a date written in digits as that day, not a clock time of its year ("by 2025-03-21")', () => {
    expect(only('task for sam: organise the training by 2025-03-21.').entities).toMatchObject({
      dueDate: '2025-03-21',
      title: 'organise the training',
    });
    expect(only('meet at 1430 with acme').entities.dueDate).toBe('2025-03-12T14:30:00-04:00');
  });

  it('reads a digit written for a word ("remind me 2 call", "task 4 me") as that word, not a time', () => {
    expect(only('remind me 2 call carlos tmrw 9am').entities).toMatchObject({
      title: 'call carlos',
      remindAt: '2025-03-13T09:00:00-04:00',
    });
    expect(only('task 4 me: update the notes').entities.title).toBe('update the notes');
    expect(only('remind me 2 days before friday to call bob').entities.remindAt).toBe('2025-03-12');
  });

  it('takes "good morning" for a greeting, not a date', () => {
    expect(only('good morning! send acme the deck by friday').entities.dueDate).toBe('2025-03-14');
    expect(only('call bob tomorrow morning').entities.dueDate).toBe('2025-03-13');
  });

  it('makes an email still to be drafted a task, and one drafted a log', () => {
    expect(only('draft an apology email to Priya Patel re the delayed shipment')).toMatchObject({
      intent: 'create_task',
      entities: { contact: 'Priya Patel' },
    });
    expect(only('emailed Priya Patel re the delayed shipment').intent).toBe('log_interaction');
  });
});

describe('a moment of someone time is no date (working set aa)', () => {
  it('does not read "when you get a sec" as a due date of now', () => {
    expect(
      only('hi! when you get a sec, could you create a task for me to send Priya the guide by thursday?')
        .entities.dueDate,
    ).toBe('2025-03-13');
  });
});

describe('requests of people new to the bot (working set ab)', () => {
  it.each([
    [
      'is it possible to add a task for Sam to update the Initech contacts in the CRM by Thursday?',
      'create_task',
      { assignee: 'U0123ABC', title: 'update the Initech contacts in the CRM', dueDate: '2025-03-13' },
    ],
    [
      'is it possible to get a reminder at 4:30 today about the Hooli call?',
      'set_reminder',
      { title: 'Hooli call', remindAt: '2025-03-12T16:30:00-04:00' },
    ],
    ['can i get a task to call bob tmrw', 'create_task', { title: 'call bob', dueDate: '2025-03-13' }],
    ['The task with call to Bob Smith is done already.', 'complete_task', { title: 'call to Bob Smith' }],
    [
      'Please open again the task for Initech contacts, I did not finish it correctly.',
      'update_task',
      { status: 'todo', title: 'Initech contacts' },
    ],
    [
      'Please create a Hooli opportunity at $35,000 in the Lead stage',
      'create_opportunity',
      { customer: 'Hooli', stage: 'Lead' },
    ],
  ])('reads "%s" as %s', (text, intent, entities) => {
    expect(only(text)).toMatchObject({ intent, entities });
  });

  it('still answers "is it possible to see my tasks?"', () => {
    expect(intents('is it possible to see my tasks?')).toEqual(['query_tasks']);
  });

  it('reads every change of a polite request that a question mark closes as a change', () => {
    expect(
      parsed(
        'Could you please mark the Acme talking points as complete, reopen the Globex onsite booking, and set it to high priority?',
      ).map((c) => [c.intent, c.entities.status, c.entities.priority]),
    ).toEqual([
      ['complete_task', undefined, undefined],
      ['update_task', 'todo', 'high'],
    ]);
    expect(intents('could you log a call with jane, and did we close acme?')).toEqual([
      'log_interaction',
      'query_opportunity',
    ]);
  });
});

describe('lists, notes and plates (working sets aa and ab)', () => {
  it('reads "1. ... 2. ... 3. ..." as numbered items, the marks no part of the titles', () => {
    expect(
      parsed(
        'tasks: 1. call Bob re Acme renewal fri 2. prep Acme QBR deck by 3/19 3. @lena book the QBR room',
      ).map((c) => c.entities.title),
    ).toEqual(['call Bob re Acme renewal', 'prep Acme QBR deck', 'book the QBR room']);
    expect(parsed('call bob at 2. then send the deck')[0]!.entities.dueDate).toBe(
      '2025-03-12T14:00:00-04:00',
    );
  });

  it('keeps what a note says after its dash or colon', () => {
    expect(only('log: note on Hooli — budget frozen till Q3').entities.summary).toBe('budget frozen till Q3');
    expect(only('put a private note on Initech: CFO is leaving in April').entities.summary).toBe(
      'CFO is leaving in April',
    );
  });

  it('answers "show me everything on the team\'s plate this week"', () => {
    expect(only("show me everything on the team's plate this week")).toMatchObject({
      intent: 'query_tasks',
      entities: { period: { from: '2025-03-10', to: '2025-03-16' } },
    });
  });
});

describe('whom a run-on addresses, and the deal "its" points at (working set ab)', () => {
  it('gives each request the colleague named right before it, after a comma', () => {
    expect(
      parsed(
        '<at>Sam Rivera</at>, please follow up with Globex by Friday, and <at>Lena Park</at>, please send Initech the contract by Monday.',
      ).map((c) => c.entities.assignee),
    ).toEqual(['U0123ABC', 'U0456DEF']);
    expect(parsed('how many mtgs did sam have? and lena?').map((c) => c.entities.assignee)).toEqual([
      'U0123ABC',
      'U0456DEF',
    ]);
  });

  it('changes the deal just asked about when the change says "its"', () => {
    expect(
      parsed('where does the Acme Renewal 2025 stand? and could you change its close date to April 30?')[1]!
        .entities,
    ).toMatchObject({ opportunity: 'Acme Renewal 2025', closeDate: '2025-04-30' });
  });
});

describe('a reminder that says whom and when, then what (working set ab)', () => {
  it.each(['remind <@U0123ABC> thu EOD → chase the Hooli PO', 'remind sam thu EOD - chase the Hooli PO'])(
    'reads "%s" as one reminder of the work after the arrow',
    (text) => {
      expect(only(text)).toMatchObject({
        intent: 'set_reminder',
        entities: {
          assignee: 'U0123ABC',
          title: 'chase the Hooli PO',
          remindAt: '2025-03-13T17:00:00-04:00',
        },
      });
    },
  );
});

describe('deal dates, notes and names said in passing (working set ac)', () => {
  it.each([
    ['lock in 4/30 as the close date for the globex pilot', '2025-04-30'],
    ["pencil in eom as hooli's close date", '2025-03-31'],
  ])('reads "%s" as a close date set, the date said first', (text, closeDate) => {
    expect(only(text)).toMatchObject({ intent: 'update_opportunity', entities: { closeDate } });
  });

  it('does not read a question about a close date as a change', () => {
    expect(only("what's the close date for the globex pilot?").intent).toBe('query_opportunity');
  });

  it('reads a note logged under "logged:" as a note, with its text as the summary', () => {
    expect(only('logged: note - initech wants net60 terms')).toMatchObject({
      intent: 'log_interaction',
      entities: { interactionType: 'note', summary: 'initech wants net60 terms' },
    });
  });

  it('reads a log with no kind but its channel as a message', () => {
    expect(only('shared the ROI calc w/ priya over linkedin').entities.interactionType).toBe('message');
  });

  it.each(['reopen the stark sso task', 'call bob @ stark re the renewal'])(
    'reads a lower-case customer that is an everyday word by what stands around it: %s',
    (text) => {
      expect(only(text).entities.customer).toBe('Stark Industries');
    },
  );
});

describe('run-ons said with slashes, and deals said again (working set ad)', () => {
  it('reads " / " as a break between commands', () => {
    expect(
      intents('had a call w jane at acme 👍 / send acme a proposal by fri / bump the acme renewal to 60k'),
    ).toEqual(['log_interaction', 'create_task', 'update_opportunity']);
  });

  it('does not break a count written with a slash', () => {
    expect(intents('call w bob at acme, they need 3 / 5 seats by fri')).toHaveLength(1);
  });

  it.each([
    ['change the globex pilot close to 4/30 and same for the acme renewal', 'Acme Renewal 2025'],
    ['push the globex pilot close date to eom, same for the acme renewal', 'Acme Renewal 2025'],
  ])('reads "%s" as the same deal change for another deal', (text, opportunity) => {
    const [first, second] = parsed(text);
    expect(second).toMatchObject({
      intent: 'update_opportunity',
      entities: { opportunity, closeDate: first!.entities.closeDate },
    });
  });

  it('opens the same deal for another account, with its own amount', () => {
    expect(
      parsed('new opp hooli 200k close jun 30 -- and same thing for stark but 90k').map((c) => [
        c.intent,
        c.entities.customer,
        c.entities.amount?.value,
        c.entities.closeDate,
      ]),
    ).toEqual([
      ['create_opportunity', 'Hooli', 200000, '2025-06-30'],
      ['create_opportunity', 'Stark Industries', 90000, '2025-06-30'],
    ]);
  });
});

describe('commands joined on in a run-on (working set ad)', () => {
  it('reads "also task to ..." after a new deal as a task of its own', () => {
    expect(
      intents('new hooli opp, 45k, lead. also task to call jane tmrw 10am and make it visible to the team'),
    ).toEqual(['create_opportunity', 'create_task']);
  });

  it('reads "set a task to ..." as a new task, not a change of one', () => {
    expect(
      intents(
        'remind me in 2 hrs to call jane back, and set a task to send jane the renewal quote by tmrw 3pm',
      ),
    ).toEqual(['set_reminder', 'create_task']);
  });

  it('asks the same question again of "the <deal>?"', () => {
    expect(
      parsed('whats the amount on the globex pilot? and the acme renewal?').map((c) => [
        c.intent,
        c.entities.opportunity,
      ]),
    ).toEqual([
      ['query_opportunity', 'Globex Pilot'],
      ['query_opportunity', 'Acme Renewal 2025'],
    ]);
  });
});

describe('a reminder said again at another time (working set ad)', () => {
  it.each([
    [
      'ping me at 1pm to prep for the acme call, and at 2:45pm to join it',
      '2025-03-12T14:45:00-04:00',
      'join it',
    ],
    [
      'remind me at 2 to call bob, and again at 4 to check he answered',
      '2025-03-12T16:00:00-04:00',
      'check he answered',
    ],
  ])('reads "%s" as two reminders', (text, remindAt, title) => {
    const found = parsed(text);
    expect(found.map((c) => c.intent)).toEqual(['set_reminder', 'set_reminder']);
    expect(found[1]!.entities).toMatchObject({ remindAt, title });
  });
});

describe('a date said as the one before (working set ad)', () => {
  it('gives "by the same date" the date of the task before, and keeps it out of the title', () => {
    const [, second] = parsed(
      '<at>Sam Rivera</at>, please call Jane by Friday. <at>Lena Park</at>, please send Bob the whitepaper by the same date.',
    );
    expect(second).toMatchObject({
      intent: 'create_task',
      entities: { assignee: 'U0456DEF', dueDate: '2025-03-14', title: 'send Bob the whitepaper' },
    });
  });
});

describe('what a customer wants, just before the task it asks for (working set ad)', () => {
  it.each([
    [
      'demo for hooli went ok, neutral. bob wants pricing → send pricing to bob by thurs',
      ['log_interaction', 'create_task'],
    ],
    ['hooli wants pricing. task: send hooli pricing by fri', ['create_task']],
  ])('is why the task is there, not a task of its own: %s', (text, want) => {
    expect(intents(text)).toEqual(want);
  });

  it('is the task when no task follows it', () => {
    expect(intents('had a call with Jane at Acme, they want a proposal by Friday')).toEqual([
      'log_interaction',
      'create_task',
    ]);
  });
});

describe('how the product behaves, asked by someone learning it (working set af)', () => {
  it.each([
    'can I make a task private or does everyone see everything?',
    "what's the difference between a task and a reminder?",
    "how do I look at someone else's pipeline? like sam's",
    'If I create a task for Lena will she get notified?',
    'What kinds of things can I ask you about deals?',
    'Do I need to log every email I send, or just the important ones?',
    "What happens if I type something you don't understand?",
  ])('%s asks for help and changes nothing', (text) => {
    expect(intents(text)).toEqual(['help']);
  });

  it('still reads a request that says what to make', () => {
    expect(intents('can i make a task private: call bob')).toEqual(['create_task']);
  });
});

describe('lists under a heading, and chat shorthand (working set ah)', () => {
  it('reads every piece of work under "reminders:" as a reminder', () => {
    expect(
      parsed(
        'reminders: 1) call Jane 2pm today 2) email Bob re Hooli tmrw morning 3) prep for Globex demo fri',
      ).map((c) => [c.intent, c.entities.remindAt]),
    ).toEqual([
      ['set_reminder', '2025-03-12T14:00:00-04:00'],
      ['set_reminder', '2025-03-13'],
      ['set_reminder', '2025-03-14'],
    ]);
  });

  it('reads "wats" and "lvm"', () => {
    expect(intents('wats on my plate tmrw')).toEqual(['query_tasks']);
    expect(parsed('lvm for bob smith')[0]).toMatchObject({
      intent: 'log_interaction',
      entities: { interactionType: 'call', contact: 'Bob Smith' },
    });
  });
});
