/**
 * `/assistant`: the chat box of the web console: write as you would in Slack ("had a call with Jane
 * at Acme, deal is now 40k"); the reply says what changed, answers questions, asks back when unsure,
 * and offers Undo (or Confirm and Cancel) while they still apply.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, messageOf, unwrap, type Schemas } from '../lib/api';
import { relative } from '../lib/format';
import { Notice, useAsync } from './ui';

type Reply = Schemas['AssistantReply'];
type Said = { from: 'me'; text: string } | { from: 'closer'; reply: Reply };
type Entry = Said & { id: number };

const LINE_BADGES: Record<Reply['lines'][number]['kind'], string> = {
  changed: 'good',
  answer: 'accent',
  question: '',
  problem: 'bad',
};

/** A link from the assistant (`/tasks/<id>`): the dashboard serves those paths itself. */
function Line({ line }: { line: Reply['lines'][number] }) {
  return (
    <li>
      <span class={`badge ${LINE_BADGES[line.kind]}`}>{line.kind}</span>{' '}
      {line.link ? <a href={line.link}>{line.text}</a> : line.text}
    </li>
  );
}

export default function Assistant() {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [used, setUsed] = useState<Set<string>>(new Set());
  const history = useAsync(() =>
    unwrap(api.GET('/api/v1/assistant/turns', { params: { query: { limit: 10 } } })),
  );
  const log = useRef<HTMLOListElement>(null);
  const counter = useRef(0);

  useEffect(() => {
    log.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [entries.length]);

  const add = (said: Said) => setEntries((current) => [...current, { ...said, id: counter.current++ }]);

  async function send(event?: Event) {
    event?.preventDefault();
    const message = text.trim();
    if (!message || busy) return;
    add({ from: 'me', text: message });
    setText('');
    setBusy(true);
    try {
      add({
        from: 'closer',
        reply: await unwrap(api.POST('/api/v1/assistant/messages', { body: { text: message } })),
      });
      setError(undefined);
    } catch (failure) {
      setError(messageOf(failure));
    }
    setBusy(false);
  }

  async function act(action: Reply['actions'][number]) {
    setUsed((current) => new Set(current).add(action.turnId));
    try {
      add({
        from: 'closer',
        reply: await unwrap(
          api.POST('/api/v1/assistant/actions', { body: { turnId: action.turnId, action: action.action } }),
        ),
      });
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <div class="assistant">
      {history.data && history.data.items.length > 0 && (
        <details class="card">
          <summary>Earlier messages</summary>
          <ul class="list-plain">
            {history.data.items.map((turn) => (
              <li key={turn.id}>
                “{turn.text}”{' '}
                <span class="muted">
                  {relative(turn.createdAt)} · {turn.via} · {turn.status}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <div role="log" aria-live="polite" aria-label="Conversation with Closer">
        <ol class="chat" ref={log}>
          {entries.length === 0 && (
            <li class="muted">
              Try “had a call with Jane at Acme, they want a proposal by Friday, deal is now 40k”, or ask
              “what's due this week?”
            </li>
          )}
          {entries.map((entry) =>
            entry.from === 'me' ? (
              <li key={entry.id} class="bubble me">
                <span class="visually-hidden">You: </span>
                {entry.text}
              </li>
            ) : (
              <li key={entry.id} class="bubble closer">
                <span class="visually-hidden">Closer: </span>
                <p>{entry.reply.text}</p>
                {entry.reply.lines.length > 0 && (
                  <ul class="list-plain">
                    {entry.reply.lines.map((line, index) => (
                      <Line key={index} line={line} />
                    ))}
                  </ul>
                )}
                {entry.reply.actions.length > 0 && (
                  <div class="actions">
                    {entry.reply.actions.map((action) => (
                      <button
                        key={action.action}
                        type="button"
                        class={action.action === 'confirm' ? 'primary' : ''}
                        disabled={used.has(action.turnId) || Date.parse(action.expiresAt) < Date.now()}
                        onClick={() => void act(action)}
                      >
                        {action.label}
                      </button>
                    ))}
                  </div>
                )}
              </li>
            ),
          )}
        </ol>
      </div>
      {error && <Notice kind="bad">{error}</Notice>}
      <form class="chat-input" onSubmit={(event) => void send(event)}>
        <label for="assistant-text" class="visually-hidden">
          Message to Closer
        </label>
        <textarea
          id="assistant-text"
          rows={2}
          placeholder="Tell Closer what happened, or ask it something"
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) void send(event);
          }}
        />
        <button class="primary" type="submit" disabled={busy || !text.trim()}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </form>
    </div>
  );
}
