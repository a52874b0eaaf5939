import type { IntentPattern } from './types.js';

/**
 * More intent cues (same masking and weights as `en-intents.ts`): reports with less common verbs,
 * requests for a named colleague, deal dates in their own words, questions about a person or a
 * period, and conversational phrasings.
 */
export const moreIntentPatterns: IntentPattern[] = [
  // log_interaction: "sent Jane at Acme the order form", "forwarded the whitepaper to Priya"
  {
    intent: 'log_interaction',
    w: 0.86,
    re: '^(?:i |we |just |also )*(?:sent|mailed|emailed|forwarded|fwded|shot)(?: over| across| out| off)? (?:xpers|xcust|xopp)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.86,
    re: '^(?:i |we |just |also )*(?:sent|mailed|forwarded|fwded|shared)(?: over| across| out| off)? (?:the |our |a |an |my |their )(?:[\\w&-]+ ){0,4}?(?:to|with) (?:the |their )?(?:xpers|xcust|xopp)\\b',
  },
  // "told jane on teams", "let Bob know via slack": a message sent, said by what it did.
  {
    intent: 'log_interaction',
    w: 0.86,
    re: '^(?:i |we |just |also |and )*(?:told|informed|updated|let) (?:xpers|xcust)(?: know)? (?:on|via|over|in) (?:teams|slack)\\b',
  },
  // "the quarterly review with Globex took place on Monday", "the Q&A session with Pied Piper's team was held"
  {
    intent: 'log_interaction',
    w: 0.9,
    re: "\\b{itype}s?\\b(?: (?:with|w|for|at|to) (?:the |our )?(?:[\\w'-]+ ){0,3}?(?:xcust|xpers|xopp)(?:'s)?(?: [\\w&-]+){0,3}?)? (?:took place|happened|went ahead|occurred|was held|were held|was had)\\b",
  },
  // "presented the proposal to the Wonka board", "pitched our roadmap to their CFO"
  {
    intent: 'log_interaction',
    w: 0.86,
    re: "^(?:i |we |just |also )*(?:presented|pitched|showed|demoed|demo'd|walked through|shared|briefed) (?:[\\w&'-]+ ){1,5}?(?:to|with|for) (?:the |their |our )?(?:xpers|xcust|xopp)\\b",
  },
  // "the Initech demo was a letdown", "the pitch to Wonka fell flat"
  {
    intent: 'log_interaction',
    w: 0.88,
    re: '\\b{itype}s?\\b(?: (?:with|w|for|to|at) (?:the )?(?:xcust|xpers|xopp))?(?: was| were| has been| went| just)? (?:a (?:letdown|let-down|let down|disappointment|flop|dud|washout|waste of time|breakthrough|home run|slam dunk)|disappointing|encouraging|fell flat|flopped|bombed|tanked|landed well|went over well)\\b',
  },

  // "dropped by the Wonka office for a chat"
  {
    intent: 'log_interaction',
    w: 0.86,
    re: "^(?:i |we |just |also )*(?:dropped|stopped|swung|popped) (?:by|in at|into|over to|in to|in)\\b(?: (?:the |their |our )?(?:[\\w&'-]+ ){0,2}?(?:xcust|xpers|xopp))",
  },

  // create_task: "I'd like Raj to organise a workshop", "it would be great if Lena could ..."
  {
    intent: 'create_task',
    w: 0.88,
    re: "\\b(?:i'?d like|i would like|we'?d like|we would like|i want|we want|i need|we need|i'?d love|i'?d prefer) xusr to \\w+",
  },
  { intent: 'create_task', w: 0.86, re: '\\bif xusr (?:could|can|would|might|will) \\w+' },
  // "the redlines are due back to Stark on Friday"
  {
    intent: 'create_task',
    w: 0.82,
    re: '\\b{deliv}s?\\b (?:is |are )?(?:(?:must|needs to|need to|has to|have to|should)(?: be)? )?(?:due|needed|required|owed|expected|submitted|sent|delivered|returned|reach|go out|get to|land with)\\b.*\\bxdate\\b',
  },
  {
    intent: 'create_task',
    w: 0.82,
    re: '\\b(?:we|i) owe (?:xcust|xpers|them|him|her) (?:a |an |the )?(?:[\\w-]+ )?{deliv}\\b',
  },

  // update_opportunity: "their decision is expected by April 15", "Wonka's go-live is now June 15"
  {
    intent: 'update_opportunity',
    w: 0.88,
    re: '\\b(?:decision|go[- ]?live|signature|signing|launch date|start date)\\b(?: date)?(?: is| was| has been| should be| will be| now| expected| due| planned| scheduled| set| targeted| pushed| moved| slated| looking like)+(?: (?:by|for|on|in|at|to|around|before|until|for))?(?: the)? {date}|\\b(?:decision|go[- ]?live|signature)\\b(?: (?!{deliv}\\b|memo\\b|doc\\b)\\w+){1,3} (?:by|for|on|in|at|around|before|until) (?:the )?{date}',
  },
  {
    intent: 'update_opportunity',
    w: 0.86,
    re: '\\b(?:should|will|would|could|might|expected to|going to|set to|ready to|due to|planning to|plan to|hope to|hoping to|want to|wants to|aim to) (?:go live|go-live|launch|sign off|decide|make (?:a|their) decision)\\b.*{date}',
  },
  {
    intent: 'update_opportunity',
    w: 0.88,
    re: '\\b(?:deal|opportunity|opp|budget|xcust|xopp)(?: size| value)? (?:has |have |had )?(?:grown|shrunk|shrank|fell|rose|climbed|jumped|increased|decreased|dropped|expanded|ballooned|been (?:cut|raised|reduced|increased))(?: \\w+){0,2} xmoney',
  },

  // "Acme should sign next month", "the deal will close this quarter"
  {
    intent: 'update_opportunity',
    w: 0.86,
    re: "\\b(?:xcust|xopp|they|the deal|deal|the opportunity|the renewal|the account)(?:'s)? (?:should|will|would|is going to|are going to|is expected to|are expected to|expects? to|plans? to|is planning to|are planning to|hopes? to|is set to|is likely to|are likely to|might|may) (?:finally |now |still )?(?:sign|close|go live|go-live|commit|decide)\\b",
  },

  // query_performance / query_pipeline / query_opportunity about a person or a customer
  {
    intent: 'query_pipeline',
    w: 0.93,
    re: "\\bxusr(?:'s|') (?:pipeline|pipe|open deals|deals|opportunities|opps|book of business|forecast)\\b|\\b(?:pipeline|pipe|deals|opportunities) (?:for|of) xusr\\b",
  },
  {
    intent: 'query_opportunity',
    w: 0.92,
    re: '\\bwhere (?:are|do|did|does|is) (?:we|i|things|it|matters|everything) (?:stand(?:ing)? |at |land |landed )?(?:with|on|re|regarding)\\b|\\bstate of play (?:with|on|for|at) (?:the )?{org}',
  },

  // update_task on the task the conversation is on, pointed at: "push it to friday", "make that urgent",
  // "assign it to raj" (`Command.refersBack`). Strong: the words name no record, and need none.
  {
    intent: 'update_task',
    w: 0.93,
    re: '^(?:(?:ok|okay|also|and|pls|please|can you|could you|then|actually|oh|hey)[, ]+)*(?:push|move|bump|shift|slide|slip|postpone|delay|defer|reschedule)(?:ed)? (?:it|that|this)(?: one| task)?(?: back| out| over)?(?: (?:to|till|til|until|by|for|into|another|a|one)\\b.*)?(?=.*\\bxdate\\b)(?!.*\\bxstage\\b)',
  },
  {
    intent: 'update_task',
    w: 0.93,
    re: '^(?:(?:ok|okay|also|and|pls|please|can you|could you|then|actually|oh|hey)[, ]+)*(?:make|mark|set|flag|bump|raise|lower|drop|change|put|move)(?:s)? (?:it|that|this)(?: one| task)?(?: (?:up |down |back )?(?:to|as|a|an|at))* (?:due xdate|(?:high|hi|low|medium|med|top|critical|urgent)(?: pri(?:ority)?)?|p[0-3]|urgent|asap|critical|private|confidential|team(?:[- ]visible| task)?|visible to (?:the )?(?:whole )?team|shared|collaborative|blocked|in progress|on hold|xpct)\\b(?!\\s*:)',
  },
  {
    intent: 'update_task',
    w: 0.93,
    re: '^(?:it|that|this)(?: one| task)?\\s*(?:->|→|=>|:|is now|now)\\s*(?:(?:high|hi|low|medium|med|top|critical|urgent)(?: pri(?:ority)?)?|p[0-3]|asap|private|team(?:[- ]visible)?|blocked|in progress|on hold|xpct|xdate)\\b',
  },
  {
    intent: 'update_task',
    w: 0.93,
    re: '^(?:(?:ok|okay|also|and|pls|please|can you|could you|then|actually|oh|hey)[, ]+)*(?:assign|reassign|re-assign|give|hand|pass)(?:ed)? (?:it|that|this)(?: one| task)?(?: over| off| back)? to xusr\\w*(?!\\s*:)',
  },
  // A task shared with a colleague: "share the globex deck task with lena", "make the SOW task shared w raj"
  {
    intent: 'update_task',
    w: 0.9,
    re: "^(?:(?:pls|please|can you|could you|also|and)[, ]+)*(?:share (?:the |my |our )?(?:[\\w'/-]+ ){0,4}?(?:task|todo|to do)s? (?:with|w/?) (?:xusr|the team|everyone)|make (?:the |my |our )?(?:[\\w'/-]+ ){0,4}?(?:task|todo|to do|follow up|{work}|{deliv})s? (?:shared (?:with|w/?) (?:xusr|the team|everyone)|visible to (?:xusr|the team|everyone)|collaborative|team[- ]visible|private))\\b",
  },
  // "this is a p2", "that one's urgent", "it's high pri now": a priority said of the task pointed at.
  {
    intent: 'update_task',
    w: 0.92,
    re: "^(?:(?:ok|also|and|actually|oh)[, ]+)*(?:this|that|it)(?: one| task)?(?:'s| is)(?: now| actually)? (?:a |an )?(?:p[0-3]|(?:high|hi|low|medium|med|top)(?: pri(?:ority)?)|urgent|critical|not urgent|low priority|high priority)(?: now)?\\s*[.!]*$",
  },
  // Who may see a task, in everyday words: "only i should see the wayne task", "hide the acme deck task from
  // the team", "open the hooli task up to everyone", "let the team see the globex f/u", "add lena to the X task"
  {
    intent: 'update_task',
    w: 0.9,
    re: "^(?:(?:pls|please|can you|could you|also|and)[, ]+)*(?:only (?:i|me) (?:should|can|get to|may) see (?:the |my |our )(?:[\\w'/-]+ ){0,4}?(?:task|todo|to do|follow up|{work}|{deliv})s?\\b|keep (?:the |my |our )(?:[\\w'/-]+ ){0,4}?(?:task|todo|to do|follow up|{work}|{deliv})s?\\b (?:to myself|private|just for me)|hide (?:the |my |our )(?:[\\w'/-]+ ){0,4}?(?:task|todo|to do|follow up|{work}|{deliv})s?\\b from|open (?:the |my |our )(?:[\\w'/-]+ ){0,4}?(?:task|todo|to do|follow up|{work}|{deliv})s?\\b up to|let (?:the (?:whole )?team|everyone|everybody) see (?:the |my |our )(?:[\\w'/-]+ ){0,4}?(?:task|todo|to do|follow up|{work}|{deliv})s?\\b|add xusr\\w*(?:,? (?:and|&) xusr\\w*)? to (?:the |my |our )(?:[\\w'/-]+ ){0,4}?(?:task|todo|to do|follow up|{work}|{deliv})s?\\b)",
  },
  // query_tasks about the calendar: "whats on my calendar tmrw afternoon", "what does my schedule look like fri"
  {
    intent: 'query_tasks',
    w: 0.93,
    re: "\\b(?:what(?:'s| is| do i have| have i got)?|whats|anything|any(?:thing)? (?:new )?) on (?:my|the|our|xusr\\w*(?:'s|s)?) (?:calendar|cal|schedule|agenda|diary)\\b|\\b(?:my|xusr\\w*(?:'s|s)?) (?:calendar|schedule|agenda) (?:for|look(?:s|ing)? like|xdate)\\b",
  },
  // Someone's figures asked for with a verb of fetching: "pull raj's demo count for march", "grab my call numbers"
  {
    intent: 'query_performance',
    w: 0.9,
    re: "^(?:(?:can|could) (?:you|u) )?(?:pull|get|grab|fetch|give me|show me)(?: up| me)? (?:xusr\\w*(?:'s|s)?|my|our|the team'?s|team) (?:[\\w-]+ )?(?:count|counts|numbers|stats|totals?)\\b",
  },
  // What is still to do: "tell me what's left for today", "what's left on my list", "whats still outstanding"
  {
    intent: 'query_tasks',
    w: 0.9,
    re: "^(?:(?:can|could) (?:you|u) )?(?:tell me |show me )?(?:what(?:'s| is)|whats) (?:still )?(?:left|remaining|outstanding|open)(?: to do)?(?: (?:for|on) (?:me|xdate|my (?:plate|list)|xusr\\w*))?(?: xdate)?\\s*[?.!]*$",
  },
  // A priority raised or lowered: "raise the stark pricing review to p0", "drop the wonka f/u to low"
  {
    intent: 'update_task',
    w: 0.9,
    re: "^(?:(?:ok|okay|also|and|pls|please|can you|could you|then|actually|oh|hey)[, ]+)*(?:raise|lower|bump|drop|downgrade|upgrade|escalate|elevate|move|set)(?: up| down)? (?:the |my |our )?(?:[\\w'/-]+ ){1,5}?(?:to|as) (?:a )?(?:p[0-3]|(?:high|hi|low|medium|med|top|critical|urgent)(?: pri(?:ority)?)?|critical|urgent)\\b",
  },
  // A task set up for someone: "set a task for raj to run discovery", "create a todo for me to ..."
  {
    intent: 'create_task',
    w: 0.93,
    re: '^(?:(?:ok|okay|also|and|pls|please|can you|could you|then|actually|oh|hey)[, ]+)*(?:set|create|make|add|open|put)(?: up| in)? (?:a |an |one )?(?:new )?(?:task|todo|to do|to-do) for (?:xusr\\w*|me|myself)\\b',
  },
  // Work handed to a colleague: "hand raj the wonka f/u", "give lena the acme deck"
  {
    intent: 'update_task',
    w: 0.9,
    re: "^(?:(?:ok|okay|also|and|pls|please|can you|could you|then|actually|oh|hey)[, ]+)*(?:hand|give|pass|reassign)(?: over)? xusr\\w* (?:the |my |our )(?:[\\w'/-]+ ){0,4}?(?:{work}|{deliv}|{task}|follow up|prep)s?\\b",
  },
  // Who may see a task, said with an arrow or "should be": "hooli onboarding task → team visibility"
  {
    intent: 'update_task',
    w: 0.9,
    re: "^(?:the |my |our )?(?:[\\w'/-]+ ){0,5}?(?:task|todo|{work}|{deliv}|follow up|prep)s?\\s*(?:->|→|=>|:)\\s*(?:team(?:[- ]?visib\\w+)?|private|shared|collaborative|visible to (?:the )?team|just me)\\b|\\b(?:task|todo|{work}|{deliv}|follow up|prep)s? (?:should|shd|needs to|must) be (?:visible|viewable|shared|private|team[- ]visible|collaborative)\\b",
  },
  // Work handed over with "hand ... to": "also hand the initech renewal prep to <@U1>"
  {
    intent: 'update_task',
    w: 0.9,
    re: "^(?:(?:ok|okay|also|and|pls|please|can you|could you|then|actually|oh|hey)[, ]+)*(?:hand|pass)(?: over| off)? (?:the |my |our )(?:[\\w'/-]+ ){0,5}?(?:over |off )?to xusr",
  },
  // A deal pointed at, moved to an amount: "what's the stage on acme expansion, and pls move it to 90k"
  {
    intent: 'update_opportunity',
    w: 0.9,
    re: '^(?:(?:ok|okay|also|and|pls|please|can you|could you|then|actually|oh|hey)[, ]+)*(?:move|bump|set|change|update|make|raise|drop|lower|put|take)(?: it| that| this)(?: up| down)? (?:to|at) xmoney\\b',
  },
  // A push of named work to a date: "push f/u with bob to next week", "delay the proposal to monday"
  {
    intent: 'update_task',
    w: 0.9,
    re: "^(?:(?:ok|okay|also|and|pls|please|can you|could you|then|actually|oh|hey)[, ]+)*(?:push|postpone|delay|defer|reschedule|slip|slide)(?:ed|d)?(?! for\\b)(?: back| out)? (?!(?:to|till|til|until|by|into|back|out)\\b)(?!(?:the |my |our )?(?:xopp|xcust (?:deal|opp|renewal|contract))\\b)(?:the |my |our |xpers'?s |xcust'?s )?(?:[\\w/'-]+ ){1,5}?(?:back |out |by )?(?:(?:to |till |til |until |by |into )?xdate|(?:a|an|one|two|three|\\d+|a couple(?: of)?) (?:more )?(?:days?|weeks?|wks?|months?))(?!.*\\b(?:deal|opp|opportunity|close date|closing|xstage)\\b)",
  },
  // complete_task, pointed at: "close it out", "wrap that one up"
  {
    intent: 'complete_task',
    w: 0.92,
    re: '^(?:(?:ok|okay|also|and|pls|please|can you|could you|then|actually|oh|hey)[, ]+)*(?:close|wrap|finish|knock|tick|check|cross)(?:ed)? (?:it|that|this)(?: one| task)? (?:out|up|off)\\b',
  },

  // query_tasks about a task named as one: "what's the status of my stark sow task", "how's the deck task going"
  {
    intent: 'query_tasks',
    w: 0.93,
    re: "^(?:(?:hey|so|and|also|quick q(?:uestion)?|q)[,:]? )*(?:what(?:'s| is)|whats|how(?:'s| is| are)|hows|where(?:'s| is| are)|wheres|any (?:news|update)s? on|status (?:of|on))\\b(?:(?! (?:deal|opp|opportunity|account)\\b).){0,60}?\\b(?:task|todo|to-do|to do)s?\\b",
  },
  // query_customer about a contact: "what does priya do at initech", "which company is wei with"
  {
    intent: 'query_customer',
    w: 0.92,
    re: "\\bwhat does xpers do\\b|\\bwhat(?:'s| is) xpers(?:'s|s)? (?:role|title|job|position)\\b|\\bwhich (?:company|account|customer|org(?:anization)?) (?:is|does) xpers (?:with|at|from|work (?:at|for))\\b|\\bwhere does xpers work\\b|\\bwho does xpers work for\\b",
  },

  // complete_task: "knocked out the Acme cleanup", "got the import done", "crossed the QBR prep off my list"
  {
    intent: 'complete_task',
    w: 0.86,
    re: '^(?:i |we |just |finally |also )*(?:finished(?: up| off)?|completed|knocked out|knocked off|wrapped up|polished off|got through|ticked off|crossed off|checked off) (?:the |my |our |that |this )(?![^,;]*\\b(?:with|w) (?:xpers|xcust|xopp)\\b)(?!(?:[\\w-]+ ){0,3}?(?:call|meeting|demo|zoom|chat|lunch|coffee|dinner|visit|pitch|presentation)\\b)',
  },
  {
    intent: 'complete_task',
    w: 0.86,
    re: '\\bgot (?:the |my |our |that |this )(?:[\\w-]+ ){1,4}?(?:done|finished|completed|sorted|out the door|over the line)\\b',
  },
  {
    intent: 'complete_task',
    w: 0.9,
    re: '\\b(?:cross(?:ed)?|tick(?:ed)?|check(?:ed)?|knock(?:ed)?|strike|struck) (?:the |that |my |this )?(?:[\\w-]+ ){1,4}?off (?:my|the|our) (?:list|todo|to do|task list|tasks)\\b',
  },

  // undo: "please withdraw the previous change", "back out that change"
  {
    intent: 'undo',
    w: 0.93,
    re: '\\b(?:withdraw|reverse|back out|revoke|retract|roll back|undo|revert|rescind) (?:that|the|my|this|your)(?: (?:last|previous|latest|most recent|earlier))?(?: (?:change|changes|edit|edits|update|entry|action|one|command|request|log))?\\b',
  },

  // cancel
  {
    intent: 'cancel',
    w: 0.93,
    re: '^\\s*(?:ok |okay |actually |please |pls |just |oh )*(?:disregard|ignore)(?: (?:that|this|it|all (?:of )?that|everything|my|the|what i (?:said|wrote|just said|just wrote)))?(?: (?:last|previous|earlier|above))?(?: (?:request|message|command|one|instruction|question|note))?(?: please| thanks)?\\s*[.!]*$',
  },
  {
    intent: 'cancel',
    w: 0.92,
    re: '\\b(?:stop|hold it|wait) right there\\b|\\bhold (?:off|on)(?: on)? (?:that|this|it)\\b|^\\s*(?:no,? |ok,? )?forget about (?:that|this|it)\\b|\\bno need,? (?:cancel|forget|stop)\\b',
  },

  // set_reminder: "I'd like to be reminded", "tell me to stretch at 3", "give me a heads up at 4"
  { intent: 'set_reminder', w: 0.95, re: '\\b(?:to be|be|being|get|getting) reminded\\b' },
  {
    intent: 'set_reminder',
    w: 0.92,
    re: '^\\s*(?:please |pls |can you |could you |would you )*tell me to\\b|\\b(?:give|send) me a (?:heads[- ]up|nudge|shout|ping|buzz)\\b|\\b(?:need|have|want|got) to remember to\\b|\\bhow about a reminder\\b',
  },
  {
    intent: 'set_reminder',
    w: 0.85,
    re: '^\\s*(?:please )?let me know (?:at|on|in|tomorrow|xdate)\\b.*\\bto \\w+',
  },

  // cancel: "that's enough", "I need you to quit", "delete my request", "let's not do that"
  {
    intent: 'cancel',
    w: 0.92,
    re: "^\\s*(?:ok,? |okay,? |no,? )?(?:that'?s|that is) (?:enough|all)(?: for now)?\\s*[.!]*$|^\\s*(?:no,? )?wait\\s*[.!]*$|\\b(?:i need|i want|i'?d like|i would like) you to (?:stop|quit|cancel|halt|end|abort|cease)\\b|\\bcall it quits\\b|\\blet'?s not (?:do (?:that|this|it)|bother|go ahead)\\b",
  },
  {
    intent: 'cancel',
    w: 0.92,
    re: '\\b(?:delete|eliminate|erase|remove|scrap|drop|void) (?:my|that|this|the) (?:current |pending )?(?:request|command|instruction|order)\\b',
  },
];
