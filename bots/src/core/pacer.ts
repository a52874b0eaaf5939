/**
 * Spaces calls per key (a chat channel): Slack allows about one message a second per channel, and a
 * burst of notifications to one person must not be refused. Calls to other keys are not held up.
 */
export function createPacer(intervalMs: number) {
  const tails = new Map<string, Promise<void>>();
  return function paced<T>(key: string, call: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(call);
    const tail = result.then(
      () => sleep(intervalMs),
      () => sleep(intervalMs),
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
