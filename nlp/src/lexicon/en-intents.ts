import type { IntentPattern } from './types.js';

/**
 * Intent cues, matched against one lower-cased clause in which names, dates and amounts are already
 * replaced by `xcust`, `xpers`, `xusr`, `xopp`, `xmoney`, `xdate` (future or undated),
 * `xpastdate` and `xpct`. `{macro}` refers to `macros` in the lexicon. Weights are 0..1; cues below 0.5
 * only count when the clause also carries sales vocabulary.
 */
export const intentPatterns: IntentPattern[] = [
  // log_interaction
  {
    intent: 'log_interaction',
    w: 0.95,
    re: '\\blog(?:ged)? (?:a |an |the |my |this )?(?:\\w+ )?(?:{itype}|note|interaction|activity|touch ?point)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.92,
    re: '\\b(?:had|have had|just had|finished|wrapped(?: up)?|did|held|took|got|ran|completed|gave|spent) (?:a |an |the |my |our |another )?(?:[\\w-]+ ){0,3}?{itype}\\b(?! (?:deck|prep|slides|doc|document|proposal|notes|task|invite|agenda))',
  },
  {
    intent: 'log_interaction',
    w: 0.8,
    re: '\\b{itype} (?:with|w|for|to) (?:xpers|xcust|xopp)\\b(?!.*\\bxdate\\b)',
  },
  {
    intent: 'log_interaction',
    w: 0.86,
    re: '^(?:[\\w-]+ ){0,3}?{itype} (?:with|w|for) (?:xpers|xcust|xopp)\\b.*\\b(?:went|was|is|done|positive|negative|great|good|bad|badly|well)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.95,
    re: '\\bjust (?:got )?(?:off|out of) (?:the |a |my )?(?:phone|call|zoom|meeting|demo)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.85,
    re: '\\b(?:called|phoned|rang|emailed|messaged|texted|pinged|dmed|demoed|visited|pitched|presented to)\\b(?! (?:it|that) )',
  },
  {
    intent: 'log_interaction',
    w: 0.88,
    re: '\\b(?:met|spoke|spoken|talked|chatted|caught up|connected|synced|touched base|sat down|had lunch|had coffee)(?: up)? (?:with|to|w) ',
  },
  {
    intent: 'log_interaction',
    w: 0.85,
    re: '\\b(?:met|saw|visited) (?:{person}|{name}|the (?:team|cfo|ceo|buyer|champion))',
  },
  {
    intent: 'log_interaction',
    w: 0.88,
    re: '^(?:quick |short |long |intro |discovery |good |great |bad )?(?:{itype}|call|mtg|email|demo|note)s? (?:with|@|at|to|from) ',
  },
  // ("call jane by fri", "email wei by thursday": a deadline makes it work to do, not a note of what happened.)
  { intent: 'log_interaction', w: 0.85, re: '^(?:{itype}) (?:{name}|{person})\\b(?!.*\\bby xdate\\b)' },
  // "..., they're going w/ a competitor": how a conversation ended, said after it; detail of the log, not a
  // command of its own (a deal is lost only when the text says so).
  {
    intent: 'log_interaction',
    w: 0.55,
    re: "\\b(?:they(?:'re| are)?|they re|customer(?:'s| is)?|xcust(?:'s| is)?) (?:going|went|gone|leaning|looking to go) (?:with|w) (?:a |another |the )?(?:competitor|vendor|someone else|cheaper option|in-?house)",
  },
  // "called vandelay, vm. emailed too": another kind of interaction with the same people.
  {
    intent: 'log_interaction',
    w: 0.9,
    re: "^(?:(?:and|also|then|plus|\\+)\\s+)*(?:also )?(?:called|e-?mailed|texted|messaged|pinged|dm'?d|rang|left (?:a |an? )?(?:vm|voicemail))(?: (?:him|her|them))? (?:too|as well|also|again)\\b",
  },
  // "hooli upgrade should be proposal not negotiation": where a deal should stand is where it goes.
  {
    intent: 'update_opportunity',
    w: 0.88,
    re: '\\b(?:{org}|opp|opportunity|deal|it)(?: [\\w-]+){0,2} should (?:be|go to|move to|be in|be at|sit in) (?:the )?{stage}\\b',
  },
  // "+ linkedin msg to their VP": a message sent over a chat channel.
  {
    intent: 'log_interaction',
    w: 0.9,
    re: '^(?:(?:and |also |then |plus |\\+ )+)?(?:an? )?(?:linkedin|slack|teams|whatsapp|text|sms) (?:msg|message|dm|note)s? (?:to|from|with|w)\\b',
  },
  { intent: 'log_interaction', w: 0.8, re: '^(?:note|notes|fyi)\\b(?! to self)' },
  // "note: budget freeze til summer": a clause announced as a note is one, whatever it is about.
  {
    intent: 'log_interaction',
    w: 0.9,
    re: '^(?:(?:add |log )?(?:a )?(?:(?:private|personal|internal|confidential|shared|public|team[- ]visible|team)[ ,]+)?note|notes)(?: (?:on|for|about|re|to) (?:the )?(?:xcust|xpers|xopp)(?: account| deal)?)?\\s*[:-]\\s*\\S',
  },
  // "logged 3 calls today: Globex, Initech and Hooli", "2 calls logged: ...": a count of what was done, told.
  {
    intent: 'log_interaction',
    w: 0.86,
    re: '^(?:i |we |just )?(?:logged|made|had|did|done|completed|finished) (?:\\d+|two|three|four|five|a few|several) (?:calls|meetings|demos|emails|mtgs)\\b(?!.*\\?)|^(?:\\d+|two|three|four|five) (?:calls|meetings|demos|emails|mtgs) (?:logged|made|done|today|this morning|so far|x(?:past)?date)\\b[^?]*[:-]',
  },
  // "nakatomi note: procurement wants 3 quotes": a note headed by what it is about.
  { intent: 'log_interaction', w: 0.9, re: '^x(?:cust|pers|opp)\\w*(?: \\w+)? notes?\\s*[:-]' },
  {
    // A note in fragments, the interaction a noun among them: "Jane Doe, Acme, 30 min, call"
    intent: 'log_interaction',
    w: 0.82,
    re: "^(?:[\\w' -]+, ){1,5}(?:a |the )?{itype}(?:, [\\w' -]+){0,4}$",
  },
  {
    intent: 'log_interaction',
    w: 0.82,
    re: "\\b(?:sent|shot|fired off|dropped)\\b(?:\\s+[\\w'-]+){0,5}?\\s+(?:a |an |the )?(?:quick )?(?:email|note|message|dm|text|linkedin message|inmail|follow up email)\\b",
  },
  {
    intent: 'log_interaction',
    w: 0.8,
    re: '\\b(?:got|received|had) (?:a |an )?(?:email|reply|response|call|message|callback|text) (?:from|back)\\b',
  },
  { intent: 'log_interaction', w: 0.8, re: '\\bleft (?:a |an )?(?:voicemail|message|vm)\\b' },
  {
    intent: 'log_interaction',
    w: 0.75,
    re: "\\b(?:no answer|didn't pick up|did not pick up|went to voicemail)\\b",
  },
  { intent: 'log_interaction', w: 0.7, re: '\\b{itype} (?:with|w) (?:{name}|{person}).*xpastdate' },
  {
    intent: 'log_interaction',
    w: 0.55,
    re: '\\b(?:went (?:well|great|badly|poorly|ok|south|sideways|nowhere))\\b',
  },
  { intent: 'log_interaction', w: 0.6, re: '\\b(?:discussed|went over|walked (?:them|him|her) through)\\b' },
  {
    intent: 'log_interaction',
    w: 0.7,
    re: '\\b(?:{name}|{person}|they|he|she) (?:called|emailed|messaged|texted|replied|wrote back|rang|reached out)\\b',
  },

  {
    intent: 'log_interaction',
    w: 0.9,
    re: '\\b{itype}s? (?:was|were|has been|have been|got) (?:held|had|given|done|made|sent|completed|logged|conducted|run|delivered)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.9,
    re: '\\b(?:was|were|been) (?:on (?:the|a) (?:phone|call|zoom|teams call)|in (?:a )?meeting) with\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.88,
    re: '\\b(?:xpers|xcust|they|he|she) (?:was|were|has been|have been) (?:called|emailed|contacted|visited|pinged|messaged|demoed|met)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.86,
    re: '\\b(?:tried|attempted|trying|tried again) (?:to )?(?:call|reach|ring|phone|contact|email|calling|reaching|ringing)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.9,
    re: '\\b(?:{work}|email|info|information|details) (?:was|were|has been|have been|got) sent (?:to|over)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.85,
    re: '^(?:please )?note that\\b|\\bplease note\\b|\\b(?:kindly |please )?record (?:a |an |the )?(?:{itype}|note|interaction)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.78,
    re: '\\b(?:shared|walked through|went through|reviewed|presented|showed) (?:[\\w-]+ ){1,4}(?:with|to) (?:xpers|xcust|xopp)\\b|\\bwalked (?:the |their )?(?:xpers|xcust|xopp|him|her|them)(?: \\w+)? through\\b|\\bover (?:zoom|teams|the phone|email|coffee|lunch|dinner)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.8,
    re: '\\b(?:chased|nudged|reminded) (?:xpers|xcust)\\b|\\b(?:came|got) out of (?:a |the |my )?{itype}\\b',
  },

  // log_interaction: reports of what already happened, in the past tense or the passive
  {
    intent: 'log_interaction',
    w: 0.88,
    re: "\\b(?:met|saw|visited|briefed|hosted|trained|demoed to|presented to|pitched to|pitched) (?:with )?(?:the |their |our )?(?:whole |entire |full |new )?(?:[\\w'-]+ ){0,3}?(?:xcust|xopp|xpers)\\b",
  },
  {
    // "phone convo w/ jane doe re contract redlines": a phone conversation with someone happened.
    intent: 'log_interaction',
    w: 0.9,
    re: '^(?:(?:had|did) )?(?:a |an )?(?:quick |short |long )?(?:phone|video|zoom|teams) (?:conversation|chat|call)s? (?:w(?:ith)?|to) (?:{name}|xusr\\w*)\\b(?!.*\\?)',
  },
  {
    // "then 20 min teams call re seat tiers", "📞 bob smith (globex) 20min re pricing": a call said by how long
    // it took, with no verb, happened (the phone emoji reads as "call").
    intent: 'log_interaction',
    w: 0.86,
    re: '^(?:(?:then|and|also|\\+|plus) )*(?:a |an )?\\d+ ?(?:minutes?|mins?|hours?|hrs?) (?:[\\w-]+ )?(?:call|meeting|demo|sync|zoom|chat|catch up|check-in)\\b(?!.*\\?)|^call (?:w(?:ith)? )?{name}\\b(?:(?!\\b(?:tomorrow|xdate|next|by|to|about)\\b).)*\\b\\d+ ?(?:minutes?|mins?|hours?|hrs?|h)\\b(?!.*\\?)',
  },
  {
    // "dunder mifflin intro call, 15 min", "jane doe - 20 min call": a record, a meeting noun and how long it
    // took, with no verb, is one that happened.
    intent: 'log_interaction',
    w: 0.88,
    re: '^(?=.*\\b\\d+ (?:minutes?|hours?|hrs?)\\b)(?!.*\\?)(?:{name})(?:[\\s,(/-]+(?:{name})\\)?)?[\\s,:-]+(?:\\d+ (?:minutes?|hours?|hrs?) )?(?:[\\w-]+ )?(?:call|meeting|demo|lunch|coffee|sync|zoom|check-in|catch up|catch-up)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.9,
    re: '\\bspent (?:about |around |roughly |almost |over |nearly )?(?:an? |one |two |\\d+ |[\\w-]+ )?(?:[\\w-]+ )?(?:minutes?|hours?|hrs?|mins?|morning|afternoon|day|while)\\b.*\\b(?:with|on the phone|on a call|on zoom|onsite|on-site|at|in) ',
  },
  {
    intent: 'log_interaction',
    w: 0.88,
    re: '\\b(?:left|dropped|sent) (?:xpers|xcust|him|her|them) (?:a |an )?(?:voicemail|message|note|line|text|email|dm)\\b|\\b(?:voicemail|message) (?:was )?left (?:for|with)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.9,
    re: '\\b(?:{work}|{itype}|info|information|details|docs|materials|collateral)s? (?:was |were |has been |have been |got )?(?:sent|emailed|went out|shared|forwarded|delivered)(?: over| out)? (?:to|with) (?:the )?(?:xpers|xcust|xopp)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.86,
    re: '\\b(?:xpers|xcust|xopp|they|he|she) (?:got|received|has received|have received) (?:the |our |a |an )?(?:[\\w-]+ ){0,3}?(?:{work}|email|info|details|docs)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.9,
    re: '\\b(?:was|were|been|got) (?:given|shown|walked through|sent|emailed|called|phoned|visited|contacted) (?:a |an |the |our )?(?:[\\w-]+ ){0,3}?(?:{itype}|{work}|by (?:phone|email))\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.88,
    re: '\\b(?:was|were) on (?:zoom|teams|a (?:\\w+ )?call|the phone|a video call|webex|google meet|meet)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.9,
    re: "\\b{itype}s? (?:is |was |has been |got |just )?(?:done|complete|completed|wrapped(?: up)?|finished|over|a (?:success|hit|disaster|bust|failure|win)|took place|happened|went ahead|ran (?:for|long|over)|lasted|did not go|didn't go)\\b",
  },
  {
    intent: 'log_interaction',
    w: 0.86,
    re: '^(?:[\\w-]+ ){0,2}?(?:two|three|four|several|a few|a couple of|\\d+) {itype}s? (?:with|to|for|at) (?:xpers|xcust|xopp)\\b',
  },
  {
    intent: 'log_interaction',
    w: 0.9,
    re: '\\b(?:ran|delivered|hosted|led|gave|held|conducted) (?:a |an |the |our )?(?:[\\w-]+ ){0,3}?{itype}\\b(?! (?:deck|prep|slides|doc|document|proposal|notes|task|invite|agenda))',
  },

  {
    intent: 'log_interaction',
    w: 0.86,
    re: "\\b(?:xcust|xpers|xopp|they|he|she) (?:loved|liked|enjoyed|hated|disliked|attended|joined|sat through|(?:was|were) (?:impressed|underwhelmed) (?:by|with)) (?:the |our |my |today's |yesterday's )?(?:[\\w-]+ )?{itype}\\b",
  },

  // "replied to bob re pricing": an email answered is logged
  {
    intent: 'log_interaction',
    w: 0.86,
    re: '^\\W*(?:i |just |already )*(?:replied|responded|wrote back|answered) (?:to )?(?:xpers|xcust|xusr|him|her|them)\\b',
  },

  // create_task
  {
    intent: 'create_task',
    w: 0.95,
    re: '\\b(?:add|create|make|open|log|set up|put in|need|needs|want|wants|gimme|give me)(?: me)? (?:a |an |another )+(?:new )?(?:[\\w-]+,? ){0,3}(?:task|todo|action item|to do item)s?\\b(?! (?:is|was|as)\\b)|\\b(?:add|create|new)(?: a)? (?:task|todo|action item)\\b|\\b(?:make|open) (?:task|todo) (?:to|for)\\b',
  },
  {
    intent: 'create_task',
    w: 0.95,
    // ("manager-only task: ...", "quick task - ...": a word of what kind of task it is may come first.)
    re: '^(?:(?:[\\w]+-only|urgent|quick|private|personal|confidential|internal|team|shared|secret|sensitive|hidden|collab|collaborative|mgr|mgmt|manager|another|new|small) )?(?:todo|task|action item|to do)(?: pls| please| plz)?\\s*(?::|-|for (?:me|xusr))',
  },
  {
    // "Acme proposal for raj, fri, high pri": a piece of work handed to a colleague
    intent: 'create_task',
    w: 0.92,
    re: '^\\W*(?:the )?(?:{org}) (?:[\\w-]+ )?{deliv}s? for xusr',
  },
  {
    // "... and create one to send the invoice to tom": another task, said by "one"
    intent: 'create_task',
    w: 0.9,
    re: '\\b(?:create|add|make|open|set up) (?:a new |another |a |me )?one (?:to|for) \\w+',
  },
  {
    // "task: call bob", "+ task to intro myself to the cfo", "new task for me to book the onsite"
    intent: 'create_task',
    w: 0.9,
    re: '^\\W*(?:(?:and|also|then|plus|oh and|and also),? )?(?:(?:a|new|another) )?(?:todo|task|to do)\\s+(?:(?:for me )?to\\s+)?(?:{verb}|(?!be\\b|do\\b)\\w+(?: (?:with|to|for|on|about))? (?:myself|xpers|xcust|xusr|him|her|them|the|a|an)\\b)',
  },
  {
    intent: 'create_task',
    w: 0.93,
    re: '\\b(?:add|put)\\b.*\\b(?:to|on) (?:my|the|our) (?:todo|to do|task|action)(?: list)?\\b',
  },
  {
    intent: 'create_task',
    w: 0.9,
    re: "\\bassign(?:ed)?\\b(?!\\s+(?:the|my|our|that|this)\\s+(?:[\\w'/-]+\\s+){0,6}?(?:task|todo)\\s+(?:over\\s+)?to\\s+xusr)",
  },
  // a task named as one, handed to a colleague: "assign the stark sso task to raj", "raj, take over the acme task"
  {
    intent: 'update_task',
    w: 0.93,
    re: "\\b(?:(?:re)?assign|give|hand|pass)\\s+(?:the|my|our|that|this)\\s+(?:[\\w'/-]+\\s+){0,6}?(?:task|todo)\\s+(?:over\\s+)?to\\s+xusr|^xusr\\w*,?\\s+(?:(?:pls|please|can you)\\s+)?take over\\s+(?:the|my|our|that|this)\\s+(?:[\\w'/-]+\\s+){0,6}?(?:task|todo)\\b",
  },
  // a request to a colleague, said as one: "@raj pls share the q2 forecast w/ the team by eod"
  {
    intent: 'create_task',
    w: 0.93,
    re: '^(?:xusr\\w*[,:]?\\s+)+(?:pls|please|plz|kindly)\\s+(?:{verb}|share|get|pull together|update|look into|find)\\b',
  },
  {
    intent: 'create_task',
    w: 0.85,
    // ... unless what follows is praise or a greeting: "<@lena> <@raj> great work today", "Raj, Lena: nice job"
    re: "^(?:(?:and|then|also|so|plus|btw|oh),? )*(?:[\\w]+: )?xusr\\b(?!'),?(?! (?:is|was|has|had|did|said|closed|won|called|met|sent|finished|only|and i|doesn'?t|does not|don'?t|won'?t|isn'?t|wasn'?t|can'?t|no longer|(?:(?:(?:\\+|&|and) )?xusr\\w* )*(?:(?:can|could|should|will|may|need to|needs to) )?(?:also |both )?(?:be able to )?(?:see|view|access|have access))\\b)(?!(?:[,:&+]? ?(?:and )?xusr\\w*)*[,:!-]* *{courtesy}\\b)",
  },
  // a commitment in the progressive with a date ahead: "..., sending redlines eod"
  {
    intent: 'create_task',
    w: 0.8,
    re: '^(?:(?:and|so|then|will be|i\\x27ll be|i\\x27m|im|we\\x27re|we are|i am)\\s+)*(?:sending|sharing|drafting|prepping|preparing|writing up|putting together|getting)\\s+(?!.*\\bxpastdate\\b)(?:[\\w\\x27/-]+\\s+){0,6}?(?:by |on |before )?xdate\\s*[.!]*$',
  },
  // ... and the writer in a list of who does what: "raj: tyrell f/u; chris: nakatomi demo; me: wonka proposal"
  {
    intent: 'create_task',
    w: 0.85,
    re: '^(?:(?:and|then|also|plus),? )*(?:me|myself)\\s*:\\s*(?=\\S)(?!.*\\?)',
  },
  {
    intent: 'create_task',
    w: 0.85,
    re: '\\b(?:can|could|would) xusr\\b|\\b(?:have|get|ask|tell) xusr (?:to )?\\w+',
  },
  {
    intent: 'create_task',
    w: 0.85,
    re: '\\b(?:they|he|she|{name}|client|customer|prospect|buyer|legal|procurement)(?: also| still)? (?:want|wants|need|needs|asked for|asked us for|requested|would like|are waiting (?:on|for)|is waiting (?:on|for)|expects?|expect us to send) (?:a |an |the |some |to see |us to send |updated |revised |another |new )*(?:[\\w-]+ )?{deliv}\\b',
  },
  {
    intent: 'create_task',
    w: 0.82,
    re: '\\b(?:send|prepare|prep|draft|write|put together|finish|finalize|schedule|book|set up|follow up|reach out|circle back|check in|call|email|ping|review|update|get|chase|organize|plan|research|enter|upload|import|clean up|complete|register|sign up|attend|share(?! of\\b)|submit|create|build|fix|confirm|order|(?:please|pls) do|pull|compile)\\b.*\\b(?:by|before|due|until|no later than) xdate',
  },
  {
    // "schedule a mtg w/ Fatima", "hooli: book a meeting w/ procurement": a meeting to set up is work to do,
    // not one that happened.
    intent: 'create_task',
    w: 0.88,
    re: '^(?:x(?:cust|pers|opp)\\w*\\s*[:,-]\\s*)?(?:please |pls |can you |could you |pls can you )?(?:need to |have to |gotta )?(?:schedule|book|set up|setup|arrange|organi[sz]e|line up|get) (?:a |an |the |another |some |our |their )?(?:\\w+ )?(?:meeting|call|demo|lunch|coffee|session|workshop|qbr|sync|kickoff|kick-off|onsite|visit|review)s?\\b(?!.*xpastdate)',
  },
  {
    // "draft an apology email to xpers re ...": an email still to be written is work, not one that happened.
    intent: 'create_task',
    w: 0.86,
    re: '^(?:(?:urgent|asap|important|quick)[:,]? )?(?:please |pls |i |we )?(?:need to|have to|gotta|must|should|want to|got to)? ?(?:draft|write(?: up)?|compose|prepare|prep|put together)\\s+(?:(?:an?|the|up|another|new|quick|short)\\s+)*(?:[\\w\x27-]+\\s+){0,2}?(?:email|e-mail|note|message|msg|reply|response|letter)\\b(?!.*xpastdate)',
  },
  {
    intent: 'create_task',
    w: 0.8,
    re: '^(?:(?:urgent|asap|important|quick)[:,]? )?(?:please |pls |i |we )?(?:need to|have to|gotta|must|should|want to|got to)? ?(?:send|reply|respond|prepare|prep|draft|write|put together|finalize|schedule|book|set up|follow up|reach out|circle back|check in|review|chase|organize|organise|arrange|coordinate|line up|sort out|plan|research|enter|upload|import|clean up|register|sign up|attend|share(?! of\\b)|submit|build|confirm|order)\\b(?!.*xpastdate)',
  },
  {
    intent: 'create_task',
    w: 0.78,
    re: '^(?:please |pls |i |we )?(?:need to|have to|gotta|must|should|want to|got to)? ?(?:call|email|ring|phone|text|ping|meet)\\b(?! (?:with|w|me)\\b)(?!.*xpastdate)',
  },
  {
    intent: 'create_task',
    w: 0.7,
    re: "\\b(?:i|we)(?: (?:need to|have to|gotta|must|should|got to|ought to|will|am going to|are going to|want to|plan to|intend to|am gonna|are gonna|gonna)|'ll|'m going to|'re going to|'m gonna)\\b|^(?:gonna|going to|will|plan to|planning to) (?:{verb}|visit|meet|see)\\b",
  },
  { intent: 'create_task', w: 0.45, re: '\\b(?:need to|have to|gotta|must|should|got to)\\b' },
  { intent: 'create_task', w: 0.75, re: '\\bfollow up (?:with|on)\\b(?!.*xpastdate)' },
  { intent: 'create_task', w: 0.65, re: '\\b{deliv}\\b.*\\b(?:due|by) xdate' },
  { intent: 'create_task', w: 0.6, re: '\\bnext step(?:s)?(?: is| are|:)' },
  {
    intent: 'create_task',
    w: 0.55,
    re: '\\b(?:add|put)\\b.*\\b(?:to|on) (?:my|the) (?:list|agenda|to do|todo)\\b',
  },

  {
    intent: 'create_task',
    w: 0.94,
    re: '\\b(?:add|put|include|place|stick)\\b.*\\b(?:on|to|in|onto) (?:my|the|our) (?:list of (?:\\w+ )?(?:tasks|chores|things|reminders|pending tasks)|(?:todo|to do|task|chore|reminder|agenda)s? ?(?:list)?|list)\\b',
  },

  {
    intent: 'create_task',
    w: 0.85,
    // The second half of "Stark attended the workshop and wants a follow up call": the subject is shared.
    re: '^(?:also |now |still )?(?:wants?|needs?|asked for|asks for|requested|requests|would like|expects?) (?:a |an |the |some |to see |us to send |updated |revised |another |new )*(?:[\\w-]+ )?{deliv}\\b',
  },

  // query_tasks about one piece of work: "who owns the Acme follow up?", "did @lena finish the deck?"
  {
    intent: 'query_tasks',
    w: 0.9,
    re: "^(?:who(?:'s| is)?|who's) (?:on|owns|own|working on|handling|doing|got|has|assigned(?: to)?) (?:the |that |this )?(?:[\\w'-]+ ){0,3}?(?:{work}|{task}|follow up|prep|agenda)\\b",
  },
  {
    intent: 'query_tasks',
    w: 0.9,
    re: '^(?:did|has|have|is|was|are)\\b.*\\b(?:finish(?:ed)?|complete(?:d)?|done|sent|submitted|wrapped up|started|blocked|overdue)\\b.*\\b(?:{work}|{task}|follow up|prep|agenda)s?\\b|^(?:did|has|have|is|was|are)\\b.*\\b(?:{work}|{task}|follow up|prep|agenda)s?\\b.*\\b(?:finish(?:ed)?|complete(?:d)?|done|sent|submitted|wrapped up|started|blocked|overdue)\\b',
  },
  // a request with no verb for someone's list or figures: "@lena's to-do list pls", "raj demos ytd"
  {
    intent: 'query_tasks',
    w: 0.9,
    re: "^(?:xusr\\w*|my|our)(?: ?'s)? (?:to ?do(?:s| list)?|tasks?|task list|list|plate|agenda|schedule|calendar|day)\\b(?: (?:please|pls|today|xdate|this week))*\\s*$",
  },
  {
    intent: 'query_performance',
    w: 0.9,
    re: "^(?:xusr\\w*|my|our|the team)(?: ?'s)? (?:demos|calls|meetings|emails|deals|wins|numbers|stats|revenue|bookings|activity|activities|interactions)\\b(?: (?:won|closed|booked|made|logged|done|completed|sent))?(?: (?:please|pls|ytd|qtd|mtd|q[1-4]|so far|to date|this \\w+|last \\w+|xdate|xpastdate))*\\s*$",
  },
  // calendar questions: "any meetings tmrw?", "anything due thurs"
  {
    intent: 'query_tasks',
    w: 0.88,
    re: "^(?:any|anything|got any|do (?:i|we) have any(?:thing)?|what(?:'s| is)? (?:left|else|coming up|next|due|on))\\b(?: [\\w']+){0,3}? (?:meetings?|calls?|demos?|tasks?|to ?dos?|follow ups?|reminders?|due|overdue|on (?:my|the) (?:calendar|plate|schedule|list))\\b",
  },
  // who owns a record: "who owns Hooli?", "who covers the Globex account"
  {
    intent: 'query_customer',
    w: 0.88,
    re: "^(?:who(?:'s| is)?|whos) (?:owns|own|has|on|covers|manages|handles|looks after|the (?:owner|am|ae|rep|account (?:owner|manager|exec)) (?:of|for|on))(?: the)? (?:{org}|xpers)(?: account| deal)?\\b",
  },
  // what someone closed: "how much did we book in Q1", "what did chris win this week"
  {
    intent: 'query_performance',
    w: 0.92,
    re: '^(?:how much|how many deals|what)(?: revenue| business)? (?:did|have|has|has been) (?:we|i|xusr\\w*|the team|you|they|he|she|[a-z]+) (?:book|booked|close|closed|win|won|sell|sold|bring in|brought in|sign|signed)\\b',
  },
  // a goal set by naming it after the figure: "sam - 8 deals won this quarter is the goal"
  {
    // "target 25 calls for lena this week", "quota: 12 deals won in march"
    intent: 'set_goal',
    w: 0.9,
    re: "^\\W*(?:(?:set|new|my|our|team|the|a|xdate|q[1-4]|pipe|pipeline|revenue|sales|calls?|demos?|meetings?|deals?|xusr\\w*(?:'s)?) )*(?:target|goal|quota)(?: of| is| =|:)? (?:xmoney|\\d[\\d.,]*k?)(?: (?!(?:am|pm)\\b)[a-z]|\\s*$)",
  },
  {
    intent: 'set_goal',
    w: 0.93,
    re: "\\b(?:that'?s|that is|is|as|make (?:that|it)|should be) (?:the|his|her|my|your|their|our|a|the new) (?:new )?(?:goal|target|quota)\\b(?!.*\\?)",
  },
  // query_performance for tasks: "how many tasks did I close this week?"
  {
    intent: 'query_performance',
    w: 0.93,
    re: '\\bhow many (?:tasks|to ?dos|action items)\\b.*\\b(?:close|closed|complete|completed|finish|finished|done|knock(?:ed)? out|tick(?:ed)? off)\\b',
  },
  // create_task named by its work and a priority or date alone: "hooli deck, high pri", "acme quote - fri"
  // ("cyberdyne questionnaire: low pri" heads a change to the task, as "<task>: <status>" does)
  {
    intent: 'create_task',
    w: 0.8,
    re: "^(?:the |a |an )?(?:{org} )?(?:[\\w'/-]+ ){0,3}{work}s?\\s*(?:,|\\s-)\\s*(?:(?:high|hi|low|med(?:ium)?|top|urgent|critical) pri(?:ority)?|p[0-3]|(?:due |by )?xdate)\\b",
  },
  // create_task as "another one": "..., and a low pri one to clean up the Nakatomi contacts"
  {
    intent: 'create_task',
    w: 0.86,
    re: '^(?:and |also |plus )?(?:an?|another) (?:[\\w-]+ ){0,3}one (?:to|for)\\b',
  },
  // create_task to get something to someone: "get security docs to initech legal"
  {
    intent: 'create_task',
    w: 0.84,
    re: "^(?:pls |please )?get (?:the |a |an |our |some |them |him |her |xpers |xcust )?(?:[\\w'-]+ ){0,3}?(?:{work}|{deliv}|docs?|documents?|numbers|answers?|figures)\\b",
  },
  // log_interaction told by what someone said on it: "she confirmed on a quick teams call", "wayne 👎 on the call"
  {
    intent: 'log_interaction',
    w: 0.85,
    re: '^(?:(?:she|he|they|xpers|xcust)(?: \\w+ed)?|xcust (?:and|&|\\+) xpers) (?:on|over|during|in) (?:a |the |our )?(?:quick |short |brief |long )?(?:teams |zoom |phone |video )?(?:call|meeting|mtg|zoom|demo|chat)\\b',
  },
  // create_task said as a list entry: "also add: send Dan the MSA, EOD"
  {
    intent: 'create_task',
    w: 0.9,
    re: '^(?:(?:also|and|pls|please|oh|then),? )*add(?: this| one)?\\s*:\\s*\\w',
  },
  // complete_task said again of another task after "mark ... done": "and the wonka intro email done too"
  {
    intent: 'complete_task',
    w: 0.95,
    re: '^(?:and |also |plus )?the (?:(?!(?:is|was|are|were|xpct)\\b)[\\w-]+ ){1,5}(?:done|finished|completed|complete|checked off|crossed off)(?: too| as well| also)?\\s*[.!]*$',
  },
  // create_task said as a need with its date, in a message about sales work: "need to kick off onboarding next week"
  {
    intent: 'create_task',
    w: 0.55,
    re: '^(?:i |we )?(?:need to|have to|gotta|must|got to) \\w+\\b.*\\bxdate\\b',
  },
  // log_interaction of several at once: "pls log 3 calls today: acme (jane), initech (bob), hooli (wei)"
  {
    intent: 'log_interaction',
    w: 0.9,
    re: '^(?:(?:pls|please|can you|could you|ok|also|and) )*(?:log|record|add|enter)(?: my| the| these| those)? (?:\\d+|two|three|four|five|six|a couple of|a few|some|both) (?:calls|meetings|mtgs|demos|emails|vms|voicemails|touches|interactions)\\b',
  },
  // log_interaction said as a record and a kind, in a recap: "globex call 👎."
  {
    intent: 'log_interaction',
    w: 0.8,
    re: '^(?:(?:xcust|xpers|xopp) ){1,2}(?:intro |discovery |follow[- ]up |quick |short )?(?:call|demo|mtg|meeting|lunch|zoom|sync|qbr|onsite|coffee|vm|voicemail)\\s*(?:,? ?(?:went |was )?(?:well|good|great|bad|meh|solid|fine|ok|okay|positive|negative|neutral|rough))?\\s*[.!]*$',
  },
  // log_interaction of a message sent about something: "pied piper email re pricing sent"
  {
    intent: 'log_interaction',
    w: 0.9,
    re: '\\b(?:email|e-mail|msg|message|text|dm|inmail|linkedin (?:msg|message))(?: to (?:xpers|xcust))? (?:re|about|on|regarding):? (?:[\\w-]+ ){1,4}?sent\\b',
  },
  // set_reminder for a colleague, said to them: "<@chris> reminder for you tues 11am: cyberdyne security review"
  {
    intent: 'set_reminder',
    w: 0.9,
    re: '^(?:xusr\\w*[,:]? )+(?:a )?(?:quick |friendly )?reminder\\b(?! (?:is|was|went|got)\\b)',
  },
  // set_reminder for a colleague at a time: "ping raj at 3 about it"
  {
    intent: 'set_reminder',
    w: 0.9,
    re: '^(?:(?:and|then|also|pls|please) )*(?:ping|nudge|buzz) xusr\\w* (?:(?:at|@|on|by|around) )?xdate\\b',
  },
  // create_task to have someone act: "get legal to sign off on the nakatomi MSA", "get raj to review the SOW"
  {
    intent: 'create_task',
    w: 0.84,
    re: '^(?:pls |please )?get (?:legal|procurement|finance|security|it|ops|marketing|someone|somebody|them|him|her|xusr\\w*|xpers|the (?:team|client|customer|buyer)|xcust(?: legal)?) to (?:sign|review|approve|send|look|check|countersign|confirm|finali[sz]e|redline|vet|okay|ok)\\b',
  },
  // create_task asked of colleagues: "each of you send me your q2 forecast by fri"
  {
    intent: 'create_task',
    w: 0.88,
    re: "\\b(?:send|get|give) me (?:your|their|his|her) (?:[\\w'-]+ ){0,3}?(?:forecast|numbers|update|report|notes|list|plan|deck|pipeline|summary)\\b",
  },
  // create_task to try someone again: "try priya again thurs"
  {
    intent: 'create_task',
    w: 0.85,
    re: '^(?:and |then |so |will |i\\x27ll |gonna )?(?:pls |please )?(?:try|call|ping|email|nudge|chase|text|ring) (?:(?:{person}|xcust|them) again\\b|again (?:on |by )?xdate)',
  },
  // create_task by asking someone to take something on: "please handle the Pied Piper pricing questions"
  {
    intent: 'create_task',
    w: 0.84,
    re: '^(?:xusr\\w*[,:]? )?(?:pls |please |can you |could you )?(?:handle|take care of|deal with|look into|tackle|sort out|jump on|own)\\b(?! it\\b)',
  },
  {
    // "give him the tyrell intro call tmrw", "assign lena the hooli deck": a piece of work given to a colleague;
    // "give bob a call tomorrow": a call to make.
    intent: 'create_task',
    w: 0.86,
    re: "^(?:(?:and |then |so |pls |please )+)?(?:give|hand|assign)(?: it)? (?:him|her|them|xusr\\w*) (?:the |a |an |this |that )?(?!(?:call|ring|shout|heads up|update)\\b)[\\w'/-]+|^(?:(?:and |then |so |pls |please )+)?give (?:xpers|xcust|him|her|them) a (?:quick )?(?:call|ring|buzz|shout)\\b",
  },
  // create_task by adding a piece of work: "add the negotiation course for me", "add a Hooli follow up"
  {
    intent: 'create_task',
    w: 0.86,
    re: "^(?:pls |please )?add (?:a |an |the |my |one )?(?:new )?(?:[\\w'-]+ ){0,4}?(?:{work}|{task}|course|training|webinar|certification|follow up|check in|call|meeting|demo|prep|agenda)s?\\b(?! (?:to|on|in) (?:the )?(?:deal|opportunity|opp|crm|pipeline)\\b)",
  },
  // update_task handed over by who takes it: "lena takes over the globex f/u"
  {
    intent: 'update_task',
    w: 0.9,
    re: '\\bxusr\\w* (?:takes|is taking|will take|can take|should take|to take|took) over\\b',
  },
  // ... or told to take it: "<@raj> pls take over the cyberdyne quote"
  {
    intent: 'update_task',
    w: 0.9,
    re: '^\\W*xusr\\w*[\\s,:-]+(?:(?:pls|please|can you|could you|to)\\s+)*take over (?:the|my|our|his|her|their|xusr\\w*\\x27?s?)\\b',
  },
  // update_task by what a piece of work becomes: "make the cyberdyne onboarding collaborative (so sam can edit)",
  // "dropping my tyrell f/u to low pri"
  {
    intent: 'update_task',
    w: 0.88,
    re: '^(?:(?:and |also |then |pls |please )+)?(?:make|set|mark|switch|change|turn)\\b(?!.*\\b(?:goal|target|quota|deal|opp|opportunity)\\b).*\\b(?:collaborative|shared|private|public|visible to (?:the )?(?:team|everyone|all)|team[- ]visible)(?: pls| please)?(?:,?\\s+(?:so|because|since|as|b/c|it has|has|it.?s)\\b.*)?\\s*[.!]*$',
  },
  // update_task by who may see it: "share the nakatomi org chart w/ the team", "the hooli deck task should be
  // private" (but "share the deck with the team by fri" is work to do)
  {
    intent: 'update_task',
    w: 0.88,
    re: '^(?:(?:and |also |then |pls |please |can you |could you )+)?share (?:the|my|our|that) (?!.*\\bx(?:past)?date\\b)(?:[\\w-]+ ){1,5}?(?:w/?|with) (?:the |my |our |whole |entire )?team\\s*[.!]*$|\\btask (?:should be|is now|needs to be|to be|has to be|->|→|:)\\s*(?:private|collaborative|shared|team[- ]visible|visible to (?:the )?team|just (?:for )?me)\\b',
  },
  {
    intent: 'update_task',
    w: 0.88,
    re: '\\b(?:drop(?:ped|ping)?|lower(?:ed|ing)?|rais(?:e|ed|ing)|bump(?:ed|ing)?|mov(?:e|ed|ing)|knock(?:ed|ing)?)\\b(?!.*\\b(?:deal|opp|opportunity|goal|target|quota)\\b).* to (?:low|high|medium|med|top|critical|urgent)(?: pri(?:ority)?)?\\s*[.!]*$',
  },
  // a stage with a check mark: "wayne qualified ✔" (but "acme proposal ✅" is the proposal done)
  {
    intent: 'update_opportunity',
    w: 0.95,
    re: '^\\W*(?:the )?(?:{org})(?: deal| opp)? (?:is )?(?:now )?(?:qualified|in qualification|negotiation|in negotiation|won|closed won|lost|closed lost)\\W+done\\W*$',
  },
  // update_opportunity by an arrow to a stage: "opp → negotiation", "hooli upgrade -> proposal"
  {
    intent: 'update_opportunity',
    w: 0.9,
    re: "(?:^|\\b)(?:(?:the )?(?:{org}|opp|opportunity|deal|stage|it)(?: [\\w'-]+){0,2})\\s*(?:->|→|=>)\\s*(?:{stage})\\b(?! (?:task|deck|doc|draft)\\b)",
  },
  // update_opportunity by a stage heading: "lost: globex pilot", "closed-won: stark security suite"
  {
    intent: 'update_opportunity',
    w: 0.9,
    re: '^(?:closed[- ]?)?(?:won|lost|{stage})\\s*[:-]\\s*(?:the )?(?:xopp|xcust)\\b',
  },
  // update_task
  {
    // "moved the Acme follow up to in progress", "set the Hooli deck to 60%", "started on the Soylent quote"
    intent: 'update_task',
    w: 0.9,
    re: "\\b(?:move|moved|set|mark|marked|put|change|changed|update|updated|bump|bumped)\\b.*\\b(?:to|as|at|in) (?:in progress|started|blocked|on hold|xpct|wip|not started)\\b|^(?:meanwhile |also |and |now )?(?:started|starting|began|begun|working|moving on|moved on|picked up|picking up)(?: on| to)? (?:the |my |our )?(?:[\\w'-]+ ){0,3}?(?:{work}|{task}|follow up|prep|agenda)\\b",
  },
  {
    // A status for a verb: "Wonka quote: 25%", "Soylent f/u - in progress", "Initech deck -> blocked"
    intent: 'update_task',
    w: 0.86,
    re: "^(?:the |my |our )?[\\w'/ ]{2,60}?(?:\\s*[:=]|\\s+-+|\\s*->|\\s*→|\\s+is now|\\s+now|\\s+(?:is |goes |went )?back (?:to|in))\\s*(?:xpct|in progress|started|blocked|on hold|stuck|paused|wip|not started|to ?do|open|reopened)\\b(?!.*\\?)",
  },
  {
    // A date after an arrow, said of named work: "bob follow up → tomorrow", "initech deck -> fri"
    intent: 'update_task',
    w: 0.86,
    re: "^(?:the |my |our )?(?:[\\w'/-]+ ){0,4}?(?:{work}|{task}|{deliv}|follow up|prep|call|meeting)s?\\s*(?:->|→|=>)\\s*(?:due )?xdate[\\s.!]*$",
  },
  {
    // A priority after an arrow or "now": "hooli f/u -> high pri", "the Acme deck is now urgent"
    intent: 'update_task',
    w: 0.86,
    re: "^(?:the |my |our )?[\\w'/ ]{2,60}?(?:\\s*->|\\s*→|\\s*=>|\\s+is now|\\s+now)\\s*(?:(?:high|hi|low|medium|med|top|critical|urgent)(?: pri(?:ority)?)?|p[0-3])\\b(?!.*\\?)",
  },
  {
    // Work handed over with an arrow and no verb ("initech deck → lena", "nakatomi f/u: raj → lena"), or
    // said to be someone's now ("the nakatomi rfp is yours now", "let sam own the demo prep").
    intent: 'update_task',
    w: 0.88,
    re: "^(?!(?:pls |please )?(?:call|ring|phone|email|e-mail|send|follow up|check in|ping|reach out|set up|schedule|book|prep|prepare|draft|write|put together|get|make|create|review|chase|find|ask|intro|introduce|add|do|fix|enter|clean|update|research|compile|organi[sz]e|plan|run|build)\\b)(?:the |my |our )?(?:(?!for\\b)[\\w'/]+ ){0,3}(?:(?!for\\b)[\\w'/]+)(?::\\s*xusr\\w*)?\\s*(?:->|→|=>)\\s*xusr\\w*[\\s.!]*$|\\b(?:is|are) (?:now )?(?:yours|his|hers|xusr\\w*'s)(?: now)?\\b|\\blet xusr\\w* (?:own|take|have|handle|run with)\\b|\\btake (?:the |my |our )?.{2,60} off my plate\\b|\\b(?:should|shd|shld) be xusr\\w*'?s\\b|\\b(?:can|should|will) go to xusr\\w*\\b|\\bgoes to xusr\\w*\\b",
  },
  {
    // A due date corrected or restated for existing work: "the globex task is due fri not thu",
    // "marcus f/u: due next wed instead", "fatima's contract task - due the 21st"
    intent: 'update_task',
    w: 0.88,
    re: "\\bdue\\b.*\\b(?:instead|not (?:xdate|today|tomorrow|tmrw|xpastdate))\\b|\\b(?:task|todo)s?\\s*(?:is |'s |[:—–-]+\\s*)(?:now )?due\\b|^(?!.*\\b(?:what|which|when|anything)\\b)(?:[\\w:,'-]+ ){0,4}?(?:the |my |our )?(?:[\\w'-]+ ){0,3}?(?:{work}|follow up|prep|plan)s? (?:is|'s|should be|shd be|needs to be|will be|must be) (?:now )?due\\b(?!.*\\?)|\\bdue (?:is )?(?:now )?xdate (?:now|instead)\\b(?!.*\\?)",
  },
  {
    // A status said of a piece of work: "the Pied Piper quote is blocked til legal signs off"
    intent: 'update_task',
    w: 0.88,
    re: "^(?:and |also |plus )?(?:the |my |our )?(?:[\\w'/-]+ ){0,4}?(?:{work}|{task}|follow up|prep)s? (?:is |are |'s )?(?:now |still )?(?:blocked|stuck|on hold|paused|in progress|underway|waiting (?:on|for))\\b(?!.*\\?)",
  },
  {
    // Progress said of a piece of work: "Wonka proposal about halfway", "acme deck at 60%", "the SOW is ~80%"
    intent: 'update_task',
    w: 0.86,
    re: "^(?:update:? )?(?:the |my |our )?(?:[\\w'/-]+ ){0,4}?(?:{work}|{task})s?(?: task)?(?: is| now| at| about| around| roughly| ~)* ?~?(?:xpct|halfway|half way)(?! of)\\b(?!.*\\?)",
  },
  {
    // "the task with call to xpers is done already": a task called one, said to be done.
    intent: 'complete_task',
    w: 0.92,
    re: "^\\W*(?:the|my|our|that|this) (?:task|todo|to do)\\b[^.?!]*?\\b(?:is|are|'s|was)? ?(?:now |already |finally |all |totally |fully )?(?:done|finished|complete|completed|wrapped up)\\b(?! (?:yet|by|for)\\b)(?!.*\\?)",
  },
  {
    // Reopening, or not done yet: "reopen the Acme deck", "Hooli deck is 50% done", "SOW not done yet"
    intent: 'update_task',
    w: 0.93,
    re: "\\b(?:re-?open(?:ed|ing)?|open(?:ed)? (?:(?:it|this|that|the [\\w'/ -]{1,40}?) )?again|un-?(?:complete|check|tick)(?:d|ed)?|(?:not|isn'?t|wasn'?t|aren'?t) (?:yet |quite |really )?(?:done|finished|complete)|(?:xpct|half|halfway|partly|partially|mostly|almost|nearly) (?:done|complete|finished|through)|(?:{work}|{task})s?\\b[^.]*?\\bxpct (?:there|of the way)(?!.*\\?))\\b",
  },
  {
    intent: 'update_task',
    w: 0.9,
    // ("set a task to send jane the quote" asks for a new one.)
    re: '\\b(?:move|push|bump|shift|reschedule|postpone|delay|pull in|pull forward|move up|change|extend|update|set)\\b(?! (?:me |up |us )?(?:a|an|one|another|new) (?:new )?(?:task|todo|to do|to-do|reminder)\\b).*\\b(?:{task}|due date|deadline)s?\\b.*\\b(?:to|until|till|by|back|out|forward) ',
  },
  {
    intent: 'update_task',
    w: 0.9,
    re: '\\b(?:{task}|{work}|follow up|due date|deadline)s?\\b.*\\b(?:(?:moved|pushed|bumped|shifted|postponed|delayed|rescheduled|changed|extended|slipped|slipping) (?:to|until|by|out|back))',
  },
  {
    intent: 'update_task',
    w: 0.9,
    re: '\\b(?:{task})s?\\b.*\\b(?:is |now |to |as )?(?:blocked|stuck|on hold|in progress|started|waiting on|waiting for|paused|xpct)',
  },
  {
    intent: 'update_task',
    w: 0.88,
    re: '\\b(?:set|change|make|mark|bump|raise|lower|drop|update|flag)\\b.*\\b(?:priority|status)\\b',
  },
  {
    intent: 'update_task',
    w: 0.88,
    re: '\\b(?:mark|set|flag|make)\\b.*\\b(?:as )?(?:in progress|blocked|on hold|high priority|urgent|low priority|critical|top priority|private|confidential)\\b',
  },
  {
    intent: 'update_task',
    w: 0.85,
    re: '\\b(?:reassign|hand (?:off|over)|transfer|give)\\b.*\\b(?:to|over to) xusr\\b',
  },
  {
    intent: 'update_task',
    w: 0.8,
    re: '\\b(?:xpct|halfway|half way|half) (?:done|complete|completed|through|finished|there)\\b',
  },
  {
    intent: 'update_task',
    w: 0.72,
    re: '\\b(?:blocked|stuck|held up) (?:on|by)\\b|\\bwaiting (?:on|for) (?:legal|procurement|{name}|{person}|them|approval|sign[- ]off)\\b',
  },
  // update_task when a clause opens with where its task stands: "still working on the forecast"
  {
    intent: 'update_task',
    w: 0.9,
    re: '^(?:(?:i\\x27m|im|i am|we\\x27re|we are) )?(?:still |now |currently )?(?:working on|started on|starting on) (?!(?:the |my |our )?(?:xcust |xopp )?(?:deal|opp|opportunity|account|call|meeting|demo|{stage})\\b)\\w',
  },
  {
    intent: 'update_task',
    w: 0.65,
    re: '\\b(?:started|starting|working on|began|picked up)\\b(?! (?:a |the )?(?:call|meeting|demo)| (?:at|in|as) (?:the )?{stage}\\b)',
  },
  // "priority to high" (not "medium priority: check in with wei", which announces a task)
  {
    intent: 'update_task',
    w: 0.75,
    re: '(?<!\\b(?:high|hi|low|med|medium|normal|mid|top) )\\bpriority\\s*(?:to|=|:|->)',
  },
  {
    intent: 'update_task',
    w: 0.7,
    // (Not what a customer did: "cyberdyne moved the demo to fri" is theirs to move.)
    re: "(?<!\\b(?:xcust|xpers|they|he|she|client|customer) )\\b(?:push|move|bump|postpone|reschedule)(?:d|ed)? (?:both |all )?(?:the |my |our |xpers'?s |xcust'?s )?(?:\\w+ ){0,2}(?:{deliv}|{work}|follow up|call|meeting|prep)\\b.*\\b(?:to|until|from) xdate",
  },

  // complete_task
  {
    // "Olga f/u - done", "Acme agenda: done", "Globex dedupe -> finished"
    intent: 'complete_task',
    w: 0.86,
    re: "^(?:the |my |our )?[\\w'/ ]{2,60}?(?:\\s*[:=]|\\s+-+|\\s*->|\\s*→)\\s*(?:all )?(?:done|finished|complete|completed|sent|submitted|delivered)\\b(?!.*\\?)",
  },
  {
    intent: 'complete_task',
    w: 0.95,
    re: '\\b(?:mark|set|flag|tick|check)\\b.*\\b(?:as )?(?:done|complete|completed|finished|closed)\\b',
  },
  {
    // A piece of work and a check mark: "Initech usage numbers ✅" (the mark reads as "done")
    intent: 'complete_task',
    w: 0.8,
    re: "^(?:and |also |plus )?(?!(?:i|i'm|im|we|we're|you|it|that|all|so)\\b)(?:the |my |our )?(?:[\\w'/-]+ ){1,5}?done[\\s.!]*$",
  },

  {
    intent: 'complete_task',
    w: 0.92,
    re: "\\b(?:{task}|it|that|this)(?: is|'s| has been| was)? (?:now )?(?:done|complete|completed|finished|all done)\\b",
  },
  {
    intent: 'complete_task',
    w: 0.9,
    re: '^(?:done|finished|completed|complete|✅|all done)\\b\\s*(?::|-|with|—)?(?!.*\\b(?:by|due|before) xdate)',
  },
  {
    intent: 'complete_task',
    w: 0.88,
    re: '\\b(?:check(?:ed)?|cross(?:ed)?|tick(?:ed)?|strike|struck) (?:that |it |this )?off\\b',
  },
  {
    intent: 'complete_task',
    w: 0.9,
    re: '\\bclose (?:out |off )?(?:the |my |that )?(?:[\\w-]+ ){0,3}?{task}\\b',
  },
  {
    intent: 'complete_task',
    w: 0.84,
    re: "\\b(?:finished|completed|done with|submitted|delivered|wrapped(?: up)?|knocked out|got through|sent off)\\b (?:the |my |our |that |this |xpers'?s? |xcust'?s? )?(?:[\\w'-]+ )*?(?:{task}|{work}|report|training|course|certification|webinar|data entry|crm update|import|module|onboarding)s?\\b|\\bgot (?:the |my |our )?(?:[\\w'-]+ ){0,4}?(?:{work})s? (?:out the door|over the line|shipped)\\b",
  },
  {
    intent: 'complete_task',
    w: 0.75,
    re: '\\b(?:{work}|report|training|course|certification|webinar|data entry)\\b.*\\b(?:is |are |was )?(?<!\\bbe )(?:done|finished|complete|completed|sent|submitted|delivered)\\b(?!.*\\b(?:by|due) xdate)',
  },

  {
    intent: 'complete_task',
    w: 0.92,
    re: '\\b(?:take|remove|delete|erase|cross|strike|scratch|get rid of)\\b.*\\b(?:off|from)(?: of)? (?:my|the|our) (?:list of (?:\\w+ )?(?:tasks|chores|things|reminders)|(?:todo|to do|task|chore|reminder)s? ?(?:list)?|list)\\b',
  },

  // create_opportunity
  {
    intent: 'create_opportunity',
    w: 0.96,
    re: '\\b(?:new|create|add|open|log|start|set up|opened|created|added|spin|spun|kick off|put in|enter)(?: up)? (?:a |an |the )?(?:new )?(?:(?:xmoney|xcust) )?(?:deal|opportunity|opp|sales opportunity)\\b',
  },
  {
    intent: 'create_opportunity',
    w: 0.88,
    re: '\\b(?:new|potential|possible|fresh|inbound) (?:xmoney )?(?:deal|opportunity|opp|lead|prospect|business)\\b',
  },
  { intent: 'create_opportunity', w: 0.85, re: '\\b(?:deal|opportunity) (?:for|with) {org}\\b.*xmoney' },
  {
    intent: 'create_opportunity',
    w: 0.8,
    re: '\\b(?:{org}|they) (?:want|wants|are looking|is looking|looking|plan|plans|are planning) to (?:buy|purchase|expand|upgrade|sign up|license|add seats|renew)\\b',
  },

  // update_opportunity
  {
    // A deal moved to a date is its close date: "moved the acme renewal to 5/15", "push hooli upgrade out to april"
    intent: 'update_opportunity',
    w: 0.92,
    re: '\\b(?:move|moved|moving|push|pushed|pushing|slip|slipped|slipping|slide|slid|sliding|bump|bumped|shift|shifted|kick|kicked)(?: out| back)? (?:the )?xopp(?: out| back)? (?:to|till|until|into|for) (?:the )?{date}',
  },
  {
    // A close date said of a deal: "Acme Renewal 2025 closes end of month", "acme renewal slipping to end of april"
    intent: 'update_opportunity',
    w: 0.88,
    re: '^(?:and |also |plus )?(?:the )?(?:xopp|xcust(?: deal| opp| renewal)?)(?: now)? (?:closes|closing|will close|should close|is closing|is now closing|slipping|slips|slipped|pushed|sliding)(?: (?:on|by|to|in|at|until))? (?:the )?xdate',
  },
  {
    intent: 'update_opportunity',
    w: 0.9,
    re: "\\b(?:deal|opportunity|opp|contract|account|renewal|pilot|expansion|upsell|{org})(?: size| value| amount| renewal| deal| opportunity| contract)?(?: is| 's|'s| now| went| moved| jumped| grew| dropped| increased| decreased| up| down| at| to| bumped| changed| revised| updated| ->| →| =>| =)+(?: \\w+){0,3} xmoney",
  },
  {
    intent: 'update_opportunity',
    w: 0.92,
    re: '\\b(?:move|moved|moving|advance|advanced|advancing|push|pushed|pushing|bump|bumped|bumping|progress|progressed|set|change|changed|update|updated|shift|shifted|put|drag|dragged|take|took|promote|promoted|drop|dropped|dropping|back|went back|going back|downgrade|downgraded|downgrading|demote|demoted|upgrade|upgraded|revert|reverted|slid|slipped|fell)\\b.*\\b(?:to|into|in|at) (?:the )?{stage}\\b',
  },
  {
    intent: 'update_opportunity',
    w: 0.9,
    re: '\\b(?:stage|status) (?:is |to |now |=|:|->)+(?:the )?{stage}\\b',
  },
  {
    intent: 'update_opportunity',
    w: 0.9,
    re: "^(?!.*\\b(?:what|which|how many|how much|any)\\b)(?:.*\\b)?(?:is|are|(?<!xpers|xdate|xpastdate)'s|now|has moved|moved|went) (?:now )?(?:in |at |into |to )?(?:the )?{stage}(?: stage| phase)?\\b",
  },
  { intent: 'update_opportunity', w: 0.88, re: '{stageVerbs}' },
  {
    intent: 'update_opportunity',
    w: 0.92,
    re: '\\b(?:close date|closing date|expected close|close)\\b.*\\b(?:to|is|now|moved|pushed|slipped|->)\\b.*{date}',
  },
  {
    // The date first: "lock in 3/20 as the close date for acme expansion", "pencil in eom as hooli's close date".
    intent: 'update_opportunity',
    w: 0.9,
    re: "\\b(?:set|make|put|lock in|pencil in|mark|use) (?:the )?{date} (?:as|for) (?:the |its |their |(?:xopp|xcust)(?:'s)? )?(?:close|closing|expected close) date\\b",
  },
  {
    intent: 'update_opportunity',
    w: 0.85,
    re: '\\b(?:slipped|slipping|pushed|moving|moved) (?:to|into) (?:next (?:month|quarter|year)|q[1-4])\\b|\\b(?:closing|close|expected to close|should close|will close)\\b.*{date}|\\b(?:should|will|would|could|might|expected to|going to|set to|ready to|due to) (?:sign|close|commit)\\b.*{date}',
  },
  {
    intent: 'update_opportunity',
    w: 0.88,
    re: '\\b(?:amount|value|deal size|acv|arr|tcv|price|budget)\\b.*xmoney',
  },
  // A record and its amount alone, as an item of a list: "• Nakatomi 95k", "- Initech: 150k"
  {
    intent: 'update_opportunity',
    w: 0.8,
    re: '{recordAmount}',
  },
  {
    intent: 'update_opportunity',
    w: 0.82,
    re: '\\b(?:bump|bumped|bumping|raise|raised|raising|increase|increased|increasing|lower|lowered|lowering|drop|dropped|dropping|reduce|reduced|reducing|update|change|set|revise|up|cut|cutting)\\b.*\\b(?:to|by) xmoney',
  },
  { intent: 'update_opportunity', w: 0.7, re: '^(?:{org}) (?:->|→|=|:|at|now) ' },
  {
    // A stage with an arrow or a colon for a verb: "Acme -> negotiation", "hooli: proposal", "qualified -> proposal"
    intent: 'update_opportunity',
    w: 0.86,
    re: "^(?:(?:{org}(?:'s)?(?: deal| opportunity| account)?|(?:the )?(?:deal|opp|opportunity|renewal|expansion|pilot|upsell|upgrade))[ ,:]+)?(?:(?:->|→|=|:|to|now|now in|now at|at|in) (?:the )?{stage}|{stage} (?:->|→|to) (?:the )?{stage})\\b(?!.*\\?)",
  },
  {
    intent: 'update_opportunity',
    w: 0.65,
    re: '\\b(?:deal|opportunity)\\b.*\\b(?:slipped|stalled|at risk|heating up|cooling)\\b',
  },

  {
    intent: 'update_opportunity',
    w: 0.9,
    re: '\\b(?:deal|opportunity|xcust|xopp)\\b.*\\b(?:has been|was|is|got|have been) (?:won|lost|signed|closed(?: won| lost)?)\\b',
  },

  {
    intent: 'update_opportunity',
    w: 0.88,
    re: '\\b(?:plans?|planning|expects?|expected|expecting|hopes?|hoping|aims?|aiming|targets?|targeting|looking|intends?|going|set|scheduled|due) to (?:sign|close|commit|buy|go live)\\b.*{date}|\\btargeting (?:an? |the )?(?:xdate )?(?:close|signature|signing)\\b|\\b(?:expect|expecting) (?:xcust|xopp|them|it|the deal) to (?:sign|close)\\b',
  },
  // query_opportunity: "what's the pilot at", "where's the renewal at" (the deal of the customer named before)
  {
    intent: 'query_opportunity',
    w: 0.9,
    re: "\\b(?:what|where)(?:'s| is|s) (?:the |our |their )?(?:deal|opp|opportunity|pilot|renewal|expansion|upgrade|upsell)(?: deal)? (?:at|stand|standing)\\b",
  },
  // query_opportunity: "last activity on the hooli upgrade?" asks about the deal, not its account
  {
    intent: 'query_opportunity',
    w: 0.95,
    re: '\\b(?:last|latest|most recent|recent) (?:activity|activities|touch|touchpoint|update|interaction|contact|news)(?: (?:on|for|with|re|about))? (?:the )?xopp\\b',
  },
  // query_goals: "how did we do vs the feb target"
  {
    intent: 'query_goals',
    w: 0.94,
    re: "\\b(?:(?:doing|tracking|pacing|progress) (?:on|toward|towards|to)|vs\\.?|versus|against|compared to|relative to) (?:the |my |our |his |her |their |xusr\\w*(?:'s)? )?(?:(?:xdate|xpastdate|[\\w-]+) ){0,2}(?:target|goal|quota)s?\\b",
  },
  // query_tasks
  {
    // "what's chris doing today", "what is lena working on this week"
    intent: 'query_tasks',
    w: 0.9,
    re: "\\bwhat(?:'s| is| are)? (?:xusr\\w*|he|she|they|the team|everyone) (?:doing|working on|up to|busy with|on)\\b",
  },
  {
    intent: 'query_tasks',
    w: 0.95,
    re: '^(?!.*\\b(?:add|put|include|remove|take|delete|erase|clear)\\b).*\\b(?:reminder list|reminders? (?:on|in) my list|(?:my|the) list (?:back|of reminders))\\b|\\bdo i have (?:a |any )?reminders?\\b|\\bwhat (?:did i|do i) (?:ask|want|need) to (?:be reminded|remember)\\b',
  },
  {
    intent: 'query_tasks',
    w: 0.95,
    re: "\\bwhat(?:'s| is| are)? (?:\\w+ )?(?:due|overdue|pending|outstanding|on my plate|on my list|on my todo list|on the list)\\b|\\bwhat(?:'s| is| are)? on (?:xusr\\w*|the team|the whole team|our|his|her|their|everyone)(?: ?'s)? (?:plate|list|plates|lists|todo list|to do list|agenda)\\b|\\bwhat(?:'s| is|s| does| do)? (?:xusr\\w*|he|she|they) (?:got|have|has) (?:on )?(?:his|her|their) (?:plate|list)\\b",
  },
  {
    // "show me everything on the team's plate this week"
    intent: 'query_tasks',
    w: 0.93,
    re: "\\b(?:everything|anything|all|stuff|things)(?: that'?s| (?:still )?left)? on (?:my|our|the (?:whole )?team(?: ?'s)?|xusr\\w*(?: ?'s)?|his|her|their|everyone(?: ?'s)?) (?:plate|list|plates|lists|todo list|to do list|agenda)\\b",
  },
  {
    intent: 'query_tasks',
    w: 0.93,
    re: "\\b(?:show|list|give|get|see|view|check|read|pull up|display|tell)(?: me)?(?: all)?(?: of)?(?: my| our| the| his| her| xusr's)? (?:\\w+ )?(?:open |overdue |pending |outstanding |current |upcoming |remaining )?(?:tasks|todos|to dos|todo list|to do list|reminders|action items|assignments|follow ups|deadlines)\\b",
  },
  {
    intent: 'query_tasks',
    w: 0.92,
    re: "\\bwhat (?:do|have) (?:i|we) (?:got|have|need|to do|gotta|left)\\b|\\bwhat do i have (?:to do|on|going on|today|tomorrow|this week|left)\\b|\\bwhat(?:'s| is) (?:left|next|up next) (?:to do|for me|on)\\b",
  },
  {
    intent: 'query_tasks',
    w: 0.9,
    re: "\\b(?:any|what|which|how many)\\b(?:\\s+[\\w']+){0,4}?\\s+(?:tasks|todos|reminders|deadlines|action items|follow ups)\\b",
  },
  {
    intent: 'query_tasks',
    w: 0.86,
    re: '^(?:my |open |overdue )?(?:tasks|todos|reminders)\\b.*\\?\\s*$|\\b(?:tasks|todos) (?:for|due|on) .*\\?',
  },
  {
    intent: 'query_tasks',
    w: 0.88,
    re: "\\b(?:anything|what(?:'s| is)?) (?:else )?(?:due|overdue|pending)\\b|\\bwhat(?:'s| is) (?:my )?(?:agenda|schedule)\\b",
  },
  {
    intent: 'query_tasks',
    w: 0.8,
    re: '\\b(?:my|our) (?:tasks|todos|todo list|to do list|reminders|action items|assignments|deadlines)\\b',
  },
  {
    intent: 'query_tasks',
    w: 0.75,
    re: '\\b(?:am i|are we) (?:free|busy|behind on)\\b|\\b(?:is|are) (?:\\w+ )+on my (?:todo |to do |task |reminder )?list\\b',
  },

  {
    // "my tasks this week that are in progress": someone's tasks, narrowed by where they stand.
    intent: 'query_tasks',
    w: 0.93,
    re: "^(?:show |list )?(?:my|our|xusr\\w*(?:'s|s)?|the team's) (?:open )?(?:tasks|to ?dos|follow ups)\\b.*\\b(?:that|which) (?:are|is|were)\\b",
  },
  {
    // "whats blocked", "what's in progress for me rn", "do i have anything in progress for globex": tasks by
    // where they stand (not deals by stage).
    intent: 'query_tasks',
    w: 0.9,
    re: "^(?:(?:do|does) (?:i|we|xusr\\w*) (?:have|got) )?(?:what(?:'s| is| are)?|whats|anything|any|show me|list)(?: (?:still|currently|else))? (?:blocked|in progress|on hold|stuck|overdue|high pri(?:ority)?|urgent|low pri(?:ority)?)\\b(?! (?:in|at) (?:the )?{stage})",
  },
  {
    // "high pri stuff due fri", "overdue things for lena": work named loosely, asked by when it is due.
    intent: 'query_tasks',
    w: 0.88,
    re: "^(?:(?:my|xusr\\w*(?:'s|s)?|the|all|any) )?(?:(?:high|low|med(?:ium)?|top|urgent) pri(?:ority)? |overdue |blocked |open )?(?:stuff|things|items)(?: (?:i|we) (?:have|got|owe))? (?:due|overdue|for (?:me|xusr\\w*|today)|xdate)\\b",
  },
  {
    // "what did i finish last week": work done in a period.
    intent: 'query_tasks',
    w: 0.9,
    re: '^what (?:did|have) (?:i|we|xusr\\w*) (?:finish|finished|complete|completed|get done|got done|knock out|knocked out|wrap up|wrapped up|tick off|ticked off)\\b',
  },
  {
    // "are the wayne tasks still assigned to chris"
    intent: 'query_tasks',
    w: 0.88,
    re: "^(?:are|is|were|was) (?:the |all |any |my )?(?:[\\w'-]+ ){0,2}(?:tasks|to ?dos|follow ups)\\b",
  },

  // query_pipeline
  {
    intent: 'query_pipeline',
    w: 0.92,
    re: "\\b(?:how(?:'s| is| does| are)|what(?:'s| is| does)|show|give|pull up|see|view|check|review|summari[sz]e)\\b.*\\bpipeline\\b",
  },
  { intent: 'query_pipeline', w: 0.82, re: '\\bpipeline\\b' },
  {
    // "lena's demo goal this month": a colleague's goal named with no figure asks how it stands.
    intent: 'query_goals',
    w: 0.86,
    re: "^(?:xusr\\w*(?:'s|s)?|my|our|team) (?:\\w+ )?(?:goal|quota|target)s?\\b(?! (?:is|of|to|=|should|will|at|for xusr)\\b)(?!.*(?:\\b\\d|xmoney))",
  },
  {
    // "raj pipeline q2", "<@U0123ABC> pipeline by stage": a colleague and their pipeline, no verb, asks for it.
    intent: 'query_pipeline',
    w: 0.9,
    re: "^xusr\\w*(?:'s|s)? (?:open |whole |full |current )?(?:pipe(?:line)?|forecast|funnel|open deals|opps)\\b(?! (?:with|to|for|review|meeting|call|sync|session|update)\\b)",
  },
  {
    intent: 'query_pipeline',
    w: 0.88,
    // "update the forecast" is a task, not a question about it.
    re: '(?<!\\b(?:update|updating|revise|adjust|fix|submit|prepare|prep|build|redo|draft|finish|finalize|send|do|run|pull|compile|complete) (?:the |my |our |this |that )?(?:\\w+ ){0,2})\\bforecast(?:ed|ing)?\\b(?! (?:task|todo)\\b)(?!.*\\bdue\\b)',
  },
  {
    intent: 'query_pipeline',
    w: 0.88,
    re: '\\b(?:show|list|which|what|how many|any|all|give me)(?: me)?(?: all)?(?: my| our| the| open)? (?:\\w+ )?(?:deals|opportunities|opps)\\b',
  },
  {
    intent: 'query_pipeline',
    w: 0.93,
    re: "\\b(?:what(?:'s| is)|which deals are|anything|how much|how many deals are) (?:still )?(?:in|at) (?:the )?{stage}\\b",
  },
  {
    intent: 'query_pipeline',
    w: 0.82,
    re: '\\b(?:deals|opportunities|opps) (?:closing|in|at|that|stuck|expected|over|worth|above|due)\\b',
  },
  {
    // "won deals this month", "lena's closed opps": deals someone won, named with no verb, asks what was won.
    intent: 'query_performance',
    w: 0.92,
    re: "^(?:(?:xusr\\w*(?:'s|s)?|my|our|the team's|team) )?(?:won|closed|closed[- ]won|signed) (?:deals|opportunities|opps)\\b",
  },
  {
    // "all qualified opps", "lost deals this quarter": deals of a stage, named with no verb, asks for them.
    intent: 'query_pipeline',
    w: 0.9,
    re: "^(?:(?:xusr\\w*(?:'s|s)?|my|our|the team's|team|all(?: the| my| our)?) )?(?:open|active|stuck|stalled|dead|new|{stage}) (?:deals|opportunities|opps)\\b(?! (?:to|into|as)\\b)",
  },
  {
    // "what's closing this month" (one deal named makes it a question about that deal).
    intent: 'query_pipeline',
    w: 0.9,
    re: "^(?:and |also |\\+ )?(?:what(?:'s| is| are)?|whats|anything|which deals are)(?: still)? (?:closing|expected to close|slated to close|set to close|landing)\\b(?!.*\\b{org}\\b)",
  },

  {
    intent: 'query_pipeline',
    w: 0.8,
    re: '\\bhow much (?:is |do we have |have we got )?(?:in play|open|in the funnel|in (?:the )?pipe|in negotiation)\\b|\\bfunnel\\b',
  },

  {
    intent: 'query_pipeline',
    w: 0.94,
    // (what someone did win or close in a period is performance, not pipeline)
    re: "^(?!.*\\b(?:did|has|have|had)\\b.*\\b(?:win|won|close|closed|sign|signed|book|booked)\\b)(?:(?:can|could) (?:you|i) (?:\\w+ )?|please )?(?:which|what|list|show|give|get|see|view|any|are there(?: any)?|total(?: value)?(?: of)?|how many)\\b(?:(?!\\b(?:xcust|xopp)\\b)[\\w' ])*?\\b(?:deals|opportunities|opps|accounts|pipeline|(?:every|each|any|all) (?:deal|opportunity|opp|account))\\b(?:(?!\\b(?:xcust|xopp)\\b).)*$",
  },
  {
    intent: 'query_pipeline',
    w: 0.93,
    re: '^(?:(?:and |also |then |so |\\+ )+)?(?:what|which|who)\\b(?:(?!\\b(?:xcust|xopp)\\b).)*\\b(?:in|at) (?:the |my |our |xusr\\w*(?:\\x27s)? )?{stage}(?: stage)?\\b(?:(?!\\b(?:xcust|xopp)\\b).)*$',
  },
  // query_opportunity
  {
    intent: 'query_opportunity',
    w: 0.92,
    re: '\\bwhere (?:are|do|did) (?:we|i) (?:stand |at |land |landed )?(?:with|on|re)\\b',
  },
  {
    intent: 'query_opportunity',
    w: 0.9,
    re: '(?<!\\b(?:set|change|update|mark|put|bump|move) (?:the )?)\\b(?:status|stage|update|latest|news|state|progress) (?:of|on|for|with) (?:the |our )?{org}',
  },
  {
    intent: 'query_opportunity',
    w: 0.92,
    re: "\\bwhat stage\\b|\\bwhere(?:'s| is) (?:the |our )?{org}(?: deal| opportunity)?\\b|\\bhow(?:'s| is| are) (?:the |our )?{org} (?:deal|opportunity|renewal|looking|going|coming along|doing|trending|tracking|progressing|shaping up)\\b",
  },
  {
    intent: 'query_opportunity',
    w: 0.92,
    re: "\\b(?:how much|what) (?:is|'s) (?:the |our )?{org}(?: deal| opportunity)? worth\\b|\\b(?:size|value|amount) of (?:the |our )?{org}",
  },
  {
    intent: 'query_opportunity',
    w: 0.9,
    re: "\\bwhen (?:is|does|will|'s) (?:the |our )?{org}(?: deal| opportunity)? (?:closing|close|expected to close|supposed to close|due to close|going to close)\\b",
  },
  {
    intent: 'query_opportunity',
    w: 0.7,
    re: '\\b(?:what|how|where|when|is|any)\\b.*\\b(?:deal|opportunity)\\b.*\\?|\\bdeal status\\b',
  },
  {
    intent: 'query_opportunity',
    w: 0.75,
    re: "\\b(?:what(?:'s| is)|any) (?:the )?(?:latest|update|news|status)\\b.*\\b{org}\\b|^{org}\\s*(?:deal|opportunity)?\\s*(?:status|update)?\\s*\\?$",
  },

  {
    intent: 'query_opportunity',
    w: 0.88,
    re: "\\bwhat(?:'s| is) (?:happening|going on|new|the latest) (?:with|on) (?:the |our )?(?:xcust|xopp)\\b",
  },
  {
    // "what's acme's renewal at", "what's the globex pilot sitting at": what a deal stands at.
    intent: 'query_opportunity',
    w: 0.92,
    re: "^(?:so |and )?what(?:'s| is|s) (?:the |our )?xopp (?:at|sitting at|worth|looking like)\\s*[?]*$",
  },
  {
    // "who owns the acme renewal?", "whos on the globex pilot": who has a deal (a customer's owner is
    // asked by the customer's name).
    intent: 'query_opportunity',
    w: 0.93,
    re: "^(?:(?:quick q|quick question|q)[:,-]? )?(?:who(?:'s| is)?|whos) (?:owns|owning|handling|running|driving|working|on|the (?:owner|rep|ae) (?:of|on|for))(?: on)? (?:the |our )?(?:xopp|xcust (?:deal|opp|opportunity|renewal|pilot|expansion|upgrade))\\b|\\bwhose (?:deal|opp|opportunity) is (?:the )?(?:xopp|xcust (?:deal|opp|opportunity))\\b",
  },

  // query_customer
  {
    intent: 'query_customer',
    w: 0.92,
    re: '\\b(?:tell me about|info on|information (?:on|about)|details (?:on|for|about)|what do (?:we|i) know about|background on|profile (?:for|of)|history with|notes on|rundown on|brief me on|dossier on|overview of)\\b',
  },
  {
    intent: 'query_customer',
    w: 0.92,
    re: "\\bwho(?:'s| is| are)? (?:our|my|the) (?:main |key |primary |go-to )?(?:contact|contacts|champion|point of contact|poc|decision maker|buyer|sponsor|stakeholders?|person|people|guy|gal|exec|executive)\\b|(?:^(?:\\w+ )?|\\b(?:who|what|the|our|any|main|key|list|show)\\s+)contacts? (?:at|for) {org}",
  },
  {
    intent: 'query_customer',
    w: 0.92,
    re: '\\bwhen (?:did|was the last time) (?:we|i|anyone) (?:last )?(?:talk|speak|meet|email|call|hear|contact|touch base)|\\blast (?:time we|contact|touch|interaction|call|meeting|email) (?:with )?',
  },
  {
    intent: 'query_customer',
    w: 0.86,
    re: '\\b(?:pull up|look up|lookup|show me|open|find)(?: the)? (?:account |customer |client |record |profile )?(?:for )?{org}\\b(?! deal)',
  },
  {
    intent: 'query_customer',
    w: 0.85,
    re: "\\bwho (?:is|'s|are) xpers\\b|\\bwho do (?:we|i) know at\\b|\\b(?:phone number|email address|address) (?:for|of) (?:xpers|{org})",
  },
  {
    intent: 'query_customer',
    w: 0.8,
    re: '\\bhow many (?:calls|meetings|emails|interactions|touches)\\b.*\\bwith {org}\\b|\\b(?:interactions|activity|activities|history) (?:with|for|on) {org}\\b',
  },
  {
    // "whose account is it", "is cyberdyne still chris's account": who a customer belongs to.
    intent: 'query_customer',
    w: 0.9,
    re: "\\bwhose (?:account|customer|client)\\b|\\b{org}(?: still)? (?:xusr\\w*(?:'s|s)?|my|your|his|her|their) (?:account|customer|client)\\b",
  },
  {
    // "who's the rep on that one?", "who at acme is driving it": who stands for a customer, ours or theirs.
    intent: 'query_customer',
    w: 0.88,
    re: "^(?:who(?:'s| is)?|whos) (?:the )?(?:owner|rep|am|ae|account (?:owner|manager|exec)|point person)(?: (?:on|of|for) (?:that|this|the|it)\\b| (?:there|here)\\b|\\s*[?.!]*$)|\\bwho (?:at|from) {org}\\b",
  },
  {
    // "any calls w/ marcus green yesterday", "did u ever reach fatima", "everything we've logged w/ soylent".
    intent: 'query_customer',
    w: 0.9,
    re: "^(?:any|has anyone|did anyone|have we had any)\\b.*\\b(?:calls?|meetings?|emails?|touches|convos?|conversations?|contact)\\b (?:w/?|with|to|from) (?:xpers|{org})|\\b(?:did|have|has) (?:you|u|anyone|anybody|someone|xusr\\w*|we|i)(?: ever)? (?:reach|reached|get hold of|got hold of|get through to|got through to|hear from|heard from|hear back from|heard back from)\\b|\\b(?:everything|anything) (?:we'?ve |we have |i'?ve |i have |anyone'?s |we )?(?:logged|done|had|recorded)\\b (?:w/?|with|on|for)\\b",
  },

  {
    // "whats going on at globex", "what's the latest with priya": what is happening at an account.
    intent: 'query_customer',
    w: 0.9,
    re: "\\bwhat(?:'s|s| is) (?:going on|happening|new|up|the latest|the story) (?:at|over at|in|with) {org}(?! (?:deal|opp|opportunity|renewal|pilot|upgrade|expansion)\\b)|\\bwhat(?:'s|s| is) (?:new|the latest|the story|up) (?:with|from|on) xpers\\b",
  },
  {
    // "total revenue won yesterday?", "# of tasks sam completed this week?", "how much pipeline did i create":
    // a figure of someone's results over a period.
    intent: 'query_performance',
    w: 0.9,
    re: '^(?:total|sum of|#|number of|no\\.? of|count of)(?: of)? (?:revenue|deals|calls|meetings|demos|emails|tasks|wins)\\b.*\\b(?:won|closed|booked|made|logged|completed|done|finished|sent)\\b|\\bhow much (?:new )?pipeline (?:did|has|have) (?:i|we|xusr\\w*|he|she|the team) (?:create|created|build|built|add|added|generate|generated)\\b',
  },
  {
    // "who on the team has the most meetings this month"
    intent: 'query_performance',
    w: 0.9,
    re: "\\b(?:who(?:'s|s| is)?|which (?:rep|reps|person|one of us|seller|ae|member))(?: on the team| here| of us| on my team)?(?: has| had| did)?(?: made| booked| logged| closed| won| sent| got| done| had)? (?:the )?most\\b|\\bwho(?:'s|s| is) (?:top|first|number one|#1) (?:on|in|for|by)\\b",
  },
  {
    // "team demo goal for march, where r we"
    intent: 'query_goals',
    w: 0.9,
    re: '\\b(?:goal|quota|target)s?\\b.*\\b(?:where (?:are|r|do|does) (?:we|i|u|you|xusr\\w*)|how (?:are|r) (?:we|i|u|you) (?:doing|tracking))\\b',
  },
  // query_performance
  {
    intent: 'query_performance',
    w: 0.9,
    re: "\\bhow(?:'s| is| are| am| has| have| did| was| were)? (?:i|we|the team|my team|the reps|my reps|everyone|the sales team|xusr)(?: been)? (?:doing|do|done|did|tracking|performing|perform|performed|going|trending|faring|fared|look(?:ing)?)\\b",
  },
  {
    intent: 'query_performance',
    w: 0.88,
    re: "\\b(?:win rate|conversion rate|close rate|closing rate|(?:my|team|our|xusr's|xusr') numbers|(?:my|our|xusr's|xusr') results|stats|statistics|performance|leaderboard|scoreboard|rankings?|kpis?|activity report|activity numbers|scorecard)\\b",
  },
  {
    intent: 'query_performance',
    w: 0.9,
    re: "\\bwho(?:'s| is| has)? (?:closed|made|booked|logged|won|sold|done) the most\\b|\\btop (?:rep|performer|seller|closer)s?\\b|\\bwho(?:'s| is) (?:leading|winning|ahead|behind)\\b",
  },
  {
    intent: 'query_performance',
    w: 0.85,
    re: '\\bhow many (?:\\w+ )?(?:calls|deals|meetings|demos|emails|interactions) (?:did|have|has|were|was|since|so far|this|last|in)\\b',
  },
  {
    intent: 'query_performance',
    w: 0.82,
    re: '\\bhow much (?:did|have) (?:i|we|the team|xusr) (?:sell|sold|close|closed|book|booked)\\b|\\b(?:revenue|bookings|sales) (?:this|last|for|so far)\\b',
  },

  // query_goals
  {
    intent: 'query_goals',
    w: 0.95,
    re: '\\b(?:on track|on pace|tracking|behind|ahead|close|how close|how far|progress|trending)\\b.*\\b(?:goal|target|quota)s?\\b|\\b(?:doing|tracking|pacing|looking|at) (?:vs\\.?|versus|against|compared to|relative to) (?:my |our |the |xusr\\w*(?:\\x27s)? )?(?:goal|target|quota|number)s?\\b',
  },
  {
    intent: 'query_goals',
    w: 0.92,
    re: "\\b(?:what(?:'s| is| are)|show|check|see|view|how(?:'s| is| are))(?: me)? (?:my|our|the team's|the|xusr's|his|her|team) (?:\\w+ )?(?:goals?|targets?|quota)\\b",
  },
  {
    intent: 'query_goals',
    w: 0.9,
    re: '\\b(?:goal|target|quota) (?:progress|status|attainment|tracking)\\b|\\b(?:quota|goal) attainment\\b',
  },
  {
    intent: 'query_goals',
    w: 0.85,
    re: '\\b(?:did|will|can|am|are) (?:i|we|xusr|the team) (?:hit|make|reach|meet|crush|beat|miss|going to (?:hit|make|reach))\\b.*\\b(?:goal|target|quota|number)s?\\b',
  },
  { intent: 'query_goals', w: 0.6, re: '\\b(?:goals?|quota)\\b.*\\?' },
  {
    // "am I on track", "are we on pace?": how a goal stands, the goal unsaid.
    intent: 'query_goals',
    w: 0.9,
    re: '^(?:so |and )?(?:am|are|is) (?:i|we|xusr\\w*|the team) (?:still )?(?:on track|on pace|tracking|behind|ahead)\\s*[?!.]*$',
  },

  // set_goal
  {
    intent: 'set_goal',
    w: 0.96,
    re: "\\b(?:set|make|create|add|put|update|change|raise|lower|bump|increase|decrease|assign)(?: up)? (?:a |an |my |our |the |xusr's |his |her |team |new |\\w+ )*(?:goal|target|quota)s?\\b(?! progress)",
  },
  {
    intent: 'set_goal',
    w: 0.92,
    re: "\\b(?:goal|target|quota)s?\\b(?: for [\\w@' ]+| xdate| (?:this|next) (?:week|month|quarter|qtr|year)| q[1-4])?\\s*(?:is|are|=|:|of|should be|will be|->|to)\\s*(?:\\w+ )?(?:xmoney|\\d)",
  },
  {
    intent: 'set_goal',
    w: 0.85,
    re: '\\b(?:i|we|xusr) (?:want|wants|plan|plans|aim|aims|intend|am going|are going|will try|commit|commits) to (?:close|hit|make|book|do|log|run|land|win|sell|generate|reach)\\b.*(?:xmoney|\\d+)',
  },
  {
    // "goals for march: lena 15 demos, raj 40 calls": a colleague and a figure of a metric is their goal.
    intent: 'set_goal',
    w: 0.88,
    re: "^(?:and |also |plus |\\+ )?(?:xusr\\w*(?:'s)?\\s*(?:,|\\+|&|and)?\\s*)+[:=-]?\\s*(?:xmoney|\\d[\\d,.]*k?) (?:\\w+ )?(?:demos|calls|meetings|deals(?: won)?|emails|wins|revenue)\\b",
  },

  {
    // "..., and 40 demos for raj in april": a figure of a metric for someone, after a goal, is another goal.
    intent: 'set_goal',
    w: 0.9,
    re: '^(?:and |also |plus |\\+ )?(?:xmoney|\\d[\\d,.]*k?) (?:\\w+ )?(?:demos|calls|meetings|deals(?: won)?|emails|revenue|wins)\\b.*\\bfor (?:xusr\\w*|me|the team)\\b',
  },
  {
    // "<@U0456DEF> aim for 15 demos next week", "lena should aim for 8 deals won in q2": a figure to reach.
    intent: 'set_goal',
    w: 0.9,
    re: '\\b(?:aim|aims|aiming|shoot|shooting|target|targeting|go) for (?:xmoney|\\d[\\d,.]*k?) (?:\\w+ )?(?:demos|calls|meetings|deals(?: won| closed)?|emails|wins|revenue|tasks(?: completed| done)?|in revenue|in pipeline)\\b(?!.*\\?)',
  },
  { intent: 'set_goal', w: 0.5, re: '\\b(?:goal|target|quota)\\b' },

  // set_reminder
  {
    intent: 'set_reminder',
    w: 0.97,
    re: '\\bremind(?:er)? (?:me|us|xusr|him|her|them|everyone|the team)\\b',
  },
  {
    intent: 'set_reminder',
    w: 0.95,
    re: '\\b(?:set|create|add|make|need|want|schedule|give|put in|like)(?: me| up)? (?:a |an |another )?(?:quick )?reminder\\b',
  },
  { intent: 'set_reminder', w: 0.93, re: '^reminder\\b' },
  {
    // "ping me at 5:30 pm to log my calls": a nudge that opens the clause, with what to do after "to".
    intent: 'set_reminder',
    w: 0.97,
    re: '^(?:(?:pls|please|can you|could you|and|also) )*(?:ping|nudge|buzz|text|dm) me\\b(?! (?:the|a|an) ).*\\bto \\w+',
  },
  {
    intent: 'set_reminder',
    w: 0.9,
    re: '\\b(?:ping|nudge|alert|notify|buzz|text|message|email|dm) me\\b(?! (?:the|a|an) )',
  },
  {
    intent: 'set_reminder',
    w: 0.92,
    re: "\\b(?:don'?t|do not) let me forget\\b|\\bmake sure i (?:don'?t forget|remember)\\b|\\bhelp me remember\\b",
  },
  { intent: 'set_reminder', w: 0.7, re: "\\b(?:don'?t|do not) forget (?:to|about)\\b|\\bremember to\\b" },
  {
    intent: 'set_reminder',
    w: 0.9,
    re: '\\b(?:set|create|make|schedule)(?: me| up)? (?:an? )?(?:alarm|alert|reminder)\\b|\\balarm (?:for|at)\\b|\\bwake me\\b',
  },
  { intent: 'set_reminder', w: 0.6, re: '\\breminder\\b' },

  // help
  {
    intent: 'help',
    w: 0.99,
    re: '^\\s*(?:help|halp|\\?+|commands|menu|usage|\\/help|what can i say|what can i do|options)\\s*[!?.]*\\s*$',
  },
  {
    intent: 'help',
    w: 0.92,
    re: '\\bwhat (?:can|do|else can) (?:you|u|this bot|the bot|this thing|closer) (?:actually |even |else |really )?(?:do|help with|support|understand)\\b|\\bwhat (?:commands|can i (?:say|ask|type|do here))\\b|\\bhow does this (?:work|bot work|thing work)\\b|\\bshow (?:me )?(?:the )?(?:commands|help)\\b|\\bhow do (?:i|you) use (?:this|you|closer)\\b',
  },
  {
    intent: 'help',
    w: 0.98,
    re: '^(?:\\w+ )?how (?:do|can|should|would) (?:i|we|you) (?:\\w+ ){0,3}(?:log|add|create|set|mark|update|assign|see|record|enter|change|move|track|check|view|undo|cancel|use|reopen|delete|remove|edit|share|invite|import|export|connect|reassign|close|complete|find|search)\\b',
  },
  {
    // What the product does, asked in general ("can you set reminders?", "does this sync with salesforce",
    // "what do the priority levels mean", "new here, where do I start").
    intent: 'help',
    w: 0.9,
    re: '^(?:\\w+ )?(?:can|could|do|does) (?:you|u|it|this|closer|the bot) (?:also |even )?\\w+ (?:\\w+ )?(?:reminders|goals|tasks|deals|opps|stages|calls|meetings|emails|notes|contacts|customers|quotas|reports|notifications)\\s*[?.!]*$|\\b(?:sync|integrate|connect|work)s? (?:up )?with (?:salesforce|hubspot|outlook|gmail|google|calendar|teams|slack|zoom|excel|sheets)\\b|^(?:\\w+ )?can i use (?:you|this|it|closer)\\b|\\bwhat (?:does|do) (?:the |a |an )?(?:(?!x(?:cust|pers|opp|usr)\\b)\\w+ ){1,3}mean\\b|\\bexplain (?:the |how )?(?:\\w+ )?(?:stages|priorities|priority levels|statuses|categories|visibility|goals|commands|works?)\\b|\\b(?:new here|where do i (?:start|begin)|getting started|how do i (?:start|begin))\\b',
  },
  // What the product lets people do, asked in general: "does closer let me share a task with teammates?",
  // "can tasks be shared with just a couple ppl?"
  {
    intent: 'help',
    w: 0.9,
    re: '^(?:\\w+ )?(?:does|do|can|will|would) (?:closer|the bot|this bot|this app|this thing|it|you|u) (?:let|allow|permit)s? (?:me|us|you|reps|managers|people)\\b|^(?:\\w+ )?(?:can|could) (?:tasks|deals|opps|opportunities|reminders|goals|notes|contacts|customers|stages) (?:also |even )?be\\b',
  },
  // How the product behaves, asked by someone learning it: "what happens if i type something you don't understand",
  // "what's the difference between a task and a reminder", "if i create a task for lena will she get notified?",
  // "can i make a task private or does everyone see everything?", "do i need to log every email i send?".
  {
    intent: 'help',
    w: 0.99,
    re: '\\bwhat happens (?:if|when) (?:i|we|you|someone|a rep)\\b|\\bwhat(?:\\x27s| is| are) the difference between\\b|^(?:\\w+ )?if i (?:\\w+ ){1,8}(?:will|would|does|do|can) (?:she|he|they|it|xusr\\w*|anyone|someone|everyone|the team) (?:get|be|see|know|find out)\\b|^(?:\\w+ )?(?:can|could) (?:i|we) (?:make|set|mark|have|keep) (?:a|an) (?:task|reminder|goal|deal|opp)s? (?:private|public|shared|collaborative|team[- ]visible|visible|hidden)\\b(?!\\s*:)|^(?:\\w+ )?(?:do|should|must) (?:i|we) (?:(?:really|still|also|always) )?(?:need to |have to )?(?:log|add|record|enter|track|create|update)(?: (?:every|each|all))\\b|\\bwhat (?:kinds?|sorts?|types?) of (?:things|stuff|commands|questions) can (?:i|we)\\b|\\bhow do (?:i|we) (?:look at|get to|pull up) (?:someone|somebody|another|other|a colleague)',
  },
  {
    intent: 'help',
    w: 0.92,
    re: '\\b(?:which|what) commands\\b|\\bcommands (?:are )?(?:available|supported)\\b|\\blist (?:of )?commands\\b',
  },
  {
    intent: 'help',
    w: 0.7,
    // "thanks for the help yesterday" is gratitude, not a request for help.
    re: "^(?!.*\\b(?:thanks|thank|thx|appreciated?|cheers|grateful)\\b)(?!.*\\b(?:the|a|great|big|real|huge|such a) help\\b).*\\bhelp\\b|\\bi'm (?:lost|confused)\\b|\\bnot sure how\\b",
  },

  // undo
  {
    intent: 'undo',
    w: 0.95,
    re: '\\b(?:undo|un-do|revert|roll ?back|unlog|un-log)\\b|^(?:ctrl|cmd) ?\\+ ?z\\W*$',
  },
  {
    intent: 'undo',
    w: 0.9,
    re: "\\b(?:take (?:that|it) back|reverse (?:that|it|the last)|scratch that(?![,;:]?\\s+(?!(?:pls|please|thanks|thx)\\b)\\w)|that was (?:wrong|a mistake|not right|incorrect)|i didn't mean (?:that|to)|wrong one|go back|put it back|restore)\\b",
  },
  {
    intent: 'undo',
    w: 0.9,
    re: '\\b(?:delete|remove|drop|erase|kill) (?:that|the last|my last|what i just)(?: \\w+)?(?: entry| one| log| thing| task| update| change| note| added| logged| did)?\\b',
  },
  {
    intent: 'undo',
    w: 0.6,
    // ("oops forgot: ..." adds what was left out; it takes nothing back.)
    re: '\\boops\\b(?!,? (?:i )?forgot)|\\bmy bad\\b|\\bwrong (?:deal|customer|account|contact|person)\\b',
  },

  // cancel
  {
    intent: 'cancel',
    w: 0.92,
    re: "\\b(?:call|calling) (?:it|that|this|the whole thing) off\\b|\\bdon'?t want (?:to do )?(?:that|this|it) any ?more\\b|\\bforget (?:about )?(?:that|this|the|my) (?:last )?(?:request|command|one|thing|order)\\b|\\b(?:cancel|scrap|drop|kill) the last (?:thing|one|request|command|action)\\b|\\bno longer (?:need|want) (?:that|this|it)\\b|\\brefrain from (?:talking|speaking|doing (?:that|this|it))\\b|\\bdon'?t want you to (?:speak|talk|continue|do (?:that|this|it)|go on)\\b|\\b(?:do not|don'?t) (?:complete|finish|carry out|execute|run) (?:the|that|this|my) (?:task|request|command|action)\\b|^\\s*scratch\\s*[.!]*$",
  },
  {
    intent: 'cancel',
    w: 0.95,
    re: "^\\s*(?:ok |okay |oh |actually |wait )?(?:cancel|stop|never mind|forget (?:it|that|about it)|abort|quit|exit|no thanks|nope|nah|no|shut up|be quiet|quiet|silence|mute|pause|halt|enough|leave it|drop it|don'?t bother|not now|skip(?: it)?|dismiss)(?:\\s+(?:it|that|this|please|pls|now|thanks|thank you|then))*\\s*[.!]*$",
  },
  { intent: 'cancel', w: 0.9, re: "^\\s*(?:no|nope|nah),? (?:don'?t|do not|stop|cancel|forget)\\b" },
  {
    intent: 'cancel',
    w: 0.92,
    re: "\\b(?:cancel|stop|abort|kill|drop|scrap|ditch|forget) (?:that|it|this|the last(?: request| command)?|my last(?: request| command)?|what (?:you|i)|the request|everything|the whole thing|doing)\\b(?! (?:to|down to|back to|by) )|\\bnever mind\\b|\\bforget (?:it|that|about it|i (?:said|asked))\\b|\\bchanged my mind\\b|\\bdon'?t (?:do|save|log|create|send) (?:that|it|anything)\\b",
  },
  {
    intent: 'cancel',
    w: 0.9,
    re: "\\b(?:stop|quit|cease) (?:talking|doing|working|what|that|it|now|please)\\b|\\b(?:be quiet|shut up|go away|quiet (?:down|now)|stop it|shush|shh+)\\b|\\bdon'?t need (?:it|that) any ?more\\b|\\bi'?m (?:good|all set)\\b",
  },
  {
    intent: 'cancel',
    w: 0.93,
    re: '^\\s*(?:(?:ai|bot|closer|hey),? )?(?:please |pls |just |command )?(?:cancel|stop|abort|quit|halt|terminate|discontinue|scrap|rescind|end it|switch off|turn off|shush|stop it|cease)(?:\\s+(?:please|pls|now|it|that|this|immediately|right now|everything))*\\s*[.!]*$',
  },
  {
    intent: 'cancel',
    w: 0.9,
    re: '\\b(?:cancel|abort|stop|quit|halt|terminate|discontinue|end|abandon|kill|scrap|destroy|refrain from(?: carrying out)?)\\b(?:\\s+(?:the|your|my|this|that|current|present|running|previous|last|whole))*\\s+(?:action|process|job|command|request|input|program|operation|everything|current task|present task)\\b',
  },
  {
    intent: 'cancel',
    w: 0.9,
    re: '\\b(?:can|could|would|will) you (?:please )?(?:just )?(?:cancel|stop|quit|abort|halt|end|switch off|turn off|be quiet|shut up)(?: (?:it|that|this|now|please|the task|speaking|talking))?\\s*[?.!]*$',
  },
  {
    intent: 'cancel',
    w: 0.9,
    re: "\\b(?:stop|quit|cease|refrain from|no more|don'?t|do not) (?:talking|speaking|saying|say any ?more|speak any ?more|talk any ?(?:more|further))\\b|\\bdon'?t (?:continue|do this|complete (?:the|that|this))\\b|\\bforget (?:my|the) (?:previous|last) (?:command|request|message)\\b|\\bnegate (?:the |my )?last\\b|\\bshut (?:the hell )?up\\b",
  },
  {
    intent: 'cancel',
    w: 0.9,
    re: '\\b(?:disregard|ignore) (?:that|this|it|my last|the last|what i (?:said|wrote))\\b',
  },
  {
    intent: 'cancel',
    w: 0.72,
    re: '\\bcancel\\b(?!.*\\b(?:xcust|xpers|xopp|xdate|xpastdate|meeting|call|demo|deal|order|subscription|reservation|contract|appointment|flight|account|card)\\b)',
  },
  { intent: 'cancel', w: 0.45, re: '\\bcancel\\b' },
];
