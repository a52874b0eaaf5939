/**
 * Slack and Teams payloads for the bot tests: the real ones captured by others in ../shared/testdata
 * where that folder is present, otherwise minimal ones of the same shape written here from the
 * platforms' documentation, so a plain clone still runs the bots end to end. The tests only change the
 * fields they need (ids, text, URLs) on top.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const testdata = fileURLToPath(new URL('../../../../shared/testdata/', import.meta.url));

/** Whether the real payloads are here (the tests say which they ran on). */
export const REAL_PAYLOADS = existsSync(testdata);

function realOr(file: string, sample: string): string {
  const path = `${testdata}${file}`;
  return existsSync(path) ? readFileSync(path, 'utf8') : sample;
}

export const slackPayloads = {
  /** An Events API `event_callback` carrying a `message`. */
  message: () =>
    realOr(
      'slack/zulip-webhook-fixtures/message_with_normal_text.json',
      JSON.stringify({
        token: 'verification-token',
        team_id: 'T06NRA6HM3P',
        api_app_id: 'A0757RM31HN',
        event: {
          type: 'message',
          user: 'U0',
          text: 'hello',
          ts: '1719209506.817929',
          channel: 'C0',
          channel_type: 'channel',
          event_ts: '1719209506.817929',
        },
        type: 'event_callback',
        event_id: 'Ev079SP4TP1P',
        event_time: 1719209506,
      }),
    ),
  /** A `link_shared` event (the Java SDK's shape sample: every field, values blank). */
  linkShared: () =>
    realOr(
      'slack/java-slack-sdk-json-logs/events/LinkSharedPayload.json',
      JSON.stringify({
        token: '',
        team_id: '',
        api_app_id: '',
        type: 'event_callback',
        event_id: '',
        event_time: 123,
        event: {
          type: 'link_shared',
          channel: '',
          user: '',
          message_ts: '',
          links: [{ domain: '', url: '' }],
        },
      }),
    ),
  /** The `url_verification` handshake. */
  challenge: () =>
    realOr(
      'slack/zulip-webhook-fixtures/challenge_handshake_payload.json',
      JSON.stringify({
        token: 'verification-token',
        challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
        type: 'url_verification',
      }),
    ),
  /** A slash command's form body. */
  command: () =>
    realOr(
      'slack/botbuilder-dotnet-slack-adapter-files/SlashCommandBody.txt',
      'token=VerificationToken&team_id=teamId&team_domain=acme&channel_id=C0&channel_name=general&user_id=U0&user_name=someone&command=%2Fcloser&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0%2F1%2Fx&trigger_id=1.2.3',
    ),
  /** A `block_actions` interactivity form body (`payload=<JSON>`). */
  blockActions: () =>
    realOr(
      'slack/botbuilder-dotnet-slack-adapter-files/BlockActionsBody.txt',
      `payload=${encodeURIComponent(
        JSON.stringify({
          type: 'block_actions',
          user: { id: 'U0', username: 'someone', team_id: 'T0' },
          api_app_id: 'A0757RM31HN',
          token: 'VerificationToken',
          container: {
            type: 'message',
            message_ts: '1605816061.002000',
            channel_id: 'D0',
            is_ephemeral: false,
          },
          trigger_id: '1.2.3',
          team: { id: 'T0', domain: 'acme' },
          channel: { id: 'D0', name: 'directmessage' },
          message: { type: 'message', text: '', ts: '1605816061.002000' },
          actions: [],
        }),
      )}`,
    ),
};

export const teamsPayloads = {
  /** A message in a personal chat. */
  personalMessage: () =>
    realOr(
      'teams/activities/msteams-docs/message.personal.fullInboundExample.json',
      JSON.stringify({
        type: 'message',
        id: '1485983408511',
        timestamp: '2017-02-01T21:10:07.437Z',
        serviceUrl: 'https://smba.trafficmanager.net/amer/',
        channelId: 'msteams',
        from: { id: '29:1', name: 'Megan Bowen', aadObjectId: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8' },
        conversation: { conversationType: 'personal', id: 'a:1' },
        recipient: { id: '28:bot', name: 'Closer' },
        textFormat: 'plain',
        text: 'hello',
        channelData: { tenant: { id: '72f988bf-86f1-41af-91ab-2d7cd011db47' } },
        locale: 'en-US',
      }),
    ),
  /** An `adaptiveCard/action` invoke from a button. */
  cardAction: () =>
    realOr(
      'teams/activities/teams-net/invoke.adaptiveCardAction.ActionExecute.personal.json',
      JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        channelId: 'msteams',
        id: 'f:1',
        serviceUrl: 'https://smba.trafficmanager.net/amer/',
        from: { id: '29:1', name: 'Megan Bowen', aadObjectId: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8' },
        recipient: { id: '28:bot', name: 'Closer' },
        conversation: { id: 'a:1', conversationType: 'personal' },
        value: { action: { type: 'Action.Execute', title: 'Undo', data: {} }, trigger: 'manual' },
        replyToId: '1767765488332',
      }),
    ),
  /** A channel message that @mentions the bot. */
  channelMention: () =>
    realOr(
      'teams/activities/teams-net/message.channel.mentionReplyToThread.json',
      JSON.stringify({
        type: 'message',
        id: '1',
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/amer/',
        from: { id: '29:1', name: 'Megan Bowen', aadObjectId: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8' },
        recipient: { id: '28:bot', name: 'closer' },
        conversation: {
          id: '19:channel@thread.tacv2;messageid=1',
          conversationType: 'channel',
          isGroup: true,
        },
        text: '<at>closer</at> reply to thread',
        entities: [{ type: 'mention', text: '<at>closer</at>', mentioned: { id: '28:bot', name: 'closer' } }],
        channelData: {
          teamsChannelId: '19:channel@thread.tacv2',
          tenant: { id: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
        },
      }),
    ),
};
