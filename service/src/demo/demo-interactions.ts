/**
 * One conversation with a customer: its type by stage, whether people showed up and replied, whether the
 * decision maker was there, objections raised and resolved, the outcome, and who took part.
 */
import { NEXT_STEPS, TOPICS } from './demo-words.js';
import {
  SIZE_TRAITS,
  typeWeights,
  type CompetitionLevel,
  type Engagement,
  type InteractionKind,
  type SizeBand,
} from './demo-model.js';
import type { DealWorld, DemoContact, DemoCustomer, DemoRep } from './demo-deals.js';
import { logistic, type Random } from './random.js';

export interface Conversation {
  customer: DemoCustomer;
  rep: DemoRep;
  opportunityId: string | null;
  at: number;
  /** The conversation happens no earlier than this (the stage's start). */
  notBefore: number;
  stageIndex: number;
  /** The deal's hidden quality (standard normal). */
  quality: number;
  level: CompetitionLevel;
  /** Updated with what this conversation showed. */
  engagement: Engagement;
  type?: InteractionKind;
}

const LIVE = new Set<InteractionKind>(['call', 'meeting', 'demo']);
const COMPETITION_INDEX: Record<CompetitionLevel, number> = { none: 0, low: 1, medium: 2, high: 3 };

const SUMMARIES: Record<InteractionKind, (who: string, topic: string) => string> = {
  call: (who, topic) => `Call with ${who} about ${topic}`,
  meeting: (who, topic) => `Meeting with ${who}: ${topic}`,
  demo: (who, topic) => `Product demo for ${who}, focus on ${topic}`,
  email: (who, topic) => `Email to ${who} on ${topic}`,
  note: (_who, topic) => `Note: ${topic}`,
  message: (who, topic) => `Message exchange with ${who} about ${topic}`,
};

function businessHours(at: number): number {
  const day = Math.floor(at / 86_400_000) * 86_400_000;
  const hour = Math.floor(((at - day) / 3_600_000) % 10) + 8;
  return day + hour * 3_600_000 + Math.floor((at % 3_600_000) / 60_000) * 60_000;
}

function participantsOf(world: DealWorld, conversation: Conversation, type: InteractionKind, dm: boolean) {
  const { contacts } = conversation.customer;
  if (type === 'note') return [] as DemoContact[];
  if (!LIVE.has(type)) return world.rng.sample(contacts, 1);
  const decisionMaker = contacts.find((contact) => contact.role === 'decision_maker');
  const others = contacts.filter((contact) => contact !== decisionMaker);
  const wanted = type === 'call' ? 1 : world.rng.int(1, 3);
  const chosen = dm && decisionMaker ? [decisionMaker] : [];
  chosen.push(...world.rng.sample(others, Math.max(0, wanted - chosen.length)));
  return chosen;
}

/** What one conversation showed, drawn in a fixed order (the rows and the rollouts draw alike). */
export interface ConversationDraws {
  type: InteractionKind;
  live: boolean;
  inbound: boolean;
  attended: boolean | null;
  replied: boolean | null;
  decisionMakerPresent: boolean | null;
  objectionRaised: boolean | null;
  objectionResolved: boolean | null;
}

/**
 * The draws of one conversation and their effect on the deal's engagement: shared by the rows the demo
 * writes and the rollouts that compute a deal's true win probability (demo-truth.ts), so both follow
 * the same physics.
 */
export function drawConversation(
  rng: Random,
  facts: {
    type?: InteractionKind;
    stageIndex: number;
    quality: number;
    level: CompetitionLevel;
    band: SizeBand;
    repSkill: number;
  },
  engagement: Engagement,
): ConversationDraws {
  const { quality } = facts;
  const type = facts.type ?? rng.weighted(typeWeights(facts.stageIndex));
  const live = LIVE.has(type);
  const inbound = type !== 'note' && !live && rng.chance(0.25 + 0.1 * quality);
  const attended = live ? rng.chance(logistic(2.2 + 0.6 * quality)) : null;
  const replied =
    (type === 'email' || type === 'message') && !inbound ? rng.chance(logistic(0.2 + 0.7 * quality)) : null;
  const reach = SIZE_TRAITS[facts.band].reachDecisionMaker;
  const decisionMakerPresent =
    live && attended
      ? rng.chance(logistic(-1.3 + 0.45 * facts.stageIndex + 0.5 * quality + reach))
      : live
        ? false
        : null;
  const objectionRaised =
    live && attended ? rng.chance(0.12 + 0.08 * COMPETITION_INDEX[facts.level]) : live ? false : null;
  const objectionResolved = objectionRaised
    ? rng.chance(logistic(0.1 + 1.2 * facts.repSkill + 0.5 * quality))
    : null;
  engagement.conversations += 1;
  if (decisionMakerPresent) engagement.decisionMakerSeen = true;
  if (objectionRaised) engagement.objectionsRaised += 1;
  if (objectionResolved) engagement.objectionsResolved += 1;
  return { type, live, inbound, attended, replied, decisionMakerPresent, objectionRaised, objectionResolved };
}

/** Writes one interaction (and its participants) and updates the deal's engagement. */
export function writeConversation(world: DealWorld, conversation: Conversation): void {
  const { rng, ids, tenantId, chunk } = world;
  const { engagement, quality, rep } = conversation;
  const at = Math.min(Math.max(businessHours(conversation.at), conversation.notBefore), world.now);
  const { type, inbound, attended, replied, decisionMakerPresent, objectionRaised, objectionResolved } =
    drawConversation(
      rng,
      {
        type: conversation.type,
        stageIndex: conversation.stageIndex,
        quality,
        level: conversation.level,
        band: conversation.customer.band,
        repSkill: rep.skill,
      },
      engagement,
    );

  const mood =
    0.5 * quality +
    (decisionMakerPresent ? 0.4 : 0) +
    (objectionRaised && !objectionResolved ? -1.2 : 0) +
    0.6 * rng.normal();
  const outcome =
    type === 'note'
      ? null
      : attended === false || replied === false
        ? 'negative'
        : mood > 0.35
          ? 'positive'
          : mood < -0.75
            ? 'negative'
            : 'neutral';
  const people = participantsOf(world, conversation, type, decisionMakerPresent === true);
  const id = ids.uuid7(at);
  const when = new Date(at).toISOString();
  const duration =
    attended === false
      ? null
      : type === 'call'
        ? rng.int(5, 45)
        : type === 'meeting'
          ? rng.pick([30, 45, 60])
          : type === 'demo'
            ? rng.pick([45, 60, 90])
            : null;
  chunk.interactions.push({
    tenant_id: tenantId,
    id,
    type,
    direction:
      type === 'note' || type === 'meeting' || type === 'demo' ? null : inbound ? 'inbound' : 'outbound',
    occurred_at: when,
    duration_minutes: duration,
    outcome,
    summary: SUMMARIES[type](people[0]?.name ?? conversation.customer.shortName, rng.pick(TOPICS)),
    customer_id: conversation.customer.id,
    opportunity_id: conversation.opportunityId,
    next_step: rng.chance(0.4) ? rng.pick(NEXT_STEPS) : '',
    attended,
    replied,
    decision_maker_present: decisionMakerPresent,
    objection_raised: objectionRaised,
    objection_resolved: objectionResolved,
    owner_id: rep.userId,
    created_at: when,
    updated_at: when,
  });
  for (const person of people)
    chunk.interaction_participants.push({
      tenant_id: tenantId,
      interaction_id: id,
      kind: 'contact',
      participant_id: person.id,
    });
  if (
    (type === 'meeting' || type === 'demo') &&
    world.managerId &&
    world.managerId !== rep.userId &&
    rng.chance(0.15)
  )
    chunk.interaction_participants.push({
      tenant_id: tenantId,
      interaction_id: id,
      kind: 'user',
      participant_id: world.managerId,
    });
}
