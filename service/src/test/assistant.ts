import { expect } from '@jest/globals';
import type { AssistantReply } from '../modules/assistant/assistant.commands.js';
import { json, type TestClient } from './http-client.js';

/** Send a chat message to the assistant's web console as `client` and read its reply (a 200, always). */
export async function tellAssistant(
  client: TestClient,
  text: string,
  conversation?: string,
): Promise<AssistantReply> {
  const response = await client.post('/api/v1/assistant/messages', { text, conversation });
  expect(response.status).toBe(200);
  return json<AssistantReply>(response);
}
