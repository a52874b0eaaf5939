import { oneLine, safeUrl, type EmailDefinition } from './email-definition.js';

export interface TeamAddedEmailData {
  name: string;
  teamName: string;
  organizationName: string;
  addedByName: string;
  dashboardUrl: string;
}

function fields(data: TeamAddedEmailData) {
  const organizationName = oneLine(data.organizationName);
  return {
    name: oneLine(data.name),
    teamName: oneLine(data.teamName),
    organizationName,
    addedByName: oneLine(data.addedByName),
    dashboardUrl: safeUrl(data.dashboardUrl),
    footerReason: `You received this email because you are a member of ${organizationName} on Closer.`,
  };
}

export const teamAddedEmail: EmailDefinition<TeamAddedEmailData> = {
  mjmlFile: 'team-added.mjml',
  subject: (data) => `You were added to ${oneLine(data.teamName)}`,
  fields,
  text(data) {
    const f = fields(data);
    return [
      `Hi ${f.name},`,
      '',
      `${f.addedByName} added you to the team ${f.teamName} in ${f.organizationName}.`,
      "You will now see the team's pipeline, deals and tasks.",
      '',
      'Open Closer:',
      f.dashboardUrl,
      '',
      '--',
      f.footerReason,
    ].join('\n');
  },
};
