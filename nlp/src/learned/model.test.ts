import { Buffer } from 'node:buffer';
import { IntentModel } from './model.js';

const examples = [
  { masked: 'had a call with xpers at xcust', label: 'log_interaction' },
  { masked: 'met xpers from xcust', label: 'log_interaction' },
  { masked: 'send xpers the proposal by xdate', label: 'create_task' },
  { masked: 'remind me to email xcust', label: 'set_reminder' },
  { masked: "what's due this week", label: 'query_tasks' },
];

describe('the intent model as bytes', () => {
  it('reads back the model it wrote, ranking every clause as the trained one does', () => {
    const trained = IntentModel.train(examples, { epochs: 5 });
    const bytes = trained.toBytes();
    // As a file reads back: a Buffer (whose slice is a view) at an odd offset of a larger memory.
    const read = IntentModel.fromBytes(Buffer.concat([Buffer.alloc(3), bytes]).subarray(3));
    for (const clause of ['called xpers', 'proposal for xcust by xdate', 'anything due today', 'lunch?'])
      expect(read.rank(clause)).toEqual(trained.rank(clause));
  });

  it('refuses bytes that are not a whole model', () => {
    const bytes = IntentModel.train(examples, { epochs: 1 }).toBytes();
    expect(() => IntentModel.fromBytes(bytes.subarray(0, bytes.length - 4))).toThrow(/feature space/);
  });
});
