import type { InteractionRow, Participants } from './interactions.repo.js';

export function presentInteraction(interaction: InteractionRow, participants: Participants) {
  return {
    id: interaction.id,
    type: interaction.type,
    direction: interaction.direction,
    occurredAt: interaction.occurredAt.toISOString(),
    durationMinutes: interaction.durationMinutes,
    participants,
    outcome: interaction.outcome,
    summary: interaction.summary,
    customer: interaction.customerId
      ? { id: interaction.customerId, name: interaction.customerName ?? '' }
      : null,
    opportunity: interaction.opportunityId
      ? { id: interaction.opportunityId, name: interaction.opportunityName ?? '' }
      : null,
    nextStep: interaction.nextStep,
    attended: interaction.attended,
    replied: interaction.replied,
    decisionMakerPresent: interaction.decisionMakerPresent,
    objectionRaised: interaction.objectionRaised,
    objectionResolved: interaction.objectionResolved,
    owner: { id: interaction.ownerId, name: interaction.ownerName },
    customFields: interaction.customFields,
    deletedAt: interaction.deletedAt?.toISOString() ?? null,
    version: interaction.version,
    createdAt: interaction.createdAt.toISOString(),
    updatedAt: interaction.updatedAt.toISOString(),
  };
}
export type InteractionView = ReturnType<typeof presentInteraction>;
