import type { ParseContext } from './types.js';

/** A fixed tenant and clock for unit tests: Wednesday 2025-03-12 10:30 in New York. */
export const testContext: ParseContext = {
  now: '2025-03-12T14:30:00Z',
  timezone: 'America/New_York',
  known: {
    customers: [
      'Acme Corp',
      'Acme Labs',
      'Globex',
      'Initech',
      'Umbrella Health',
      'Stark Industries',
      'Hooli',
    ],
    contacts: ['Jane Doe', 'Bob Smith', 'Priya Patel'],
    users: [
      { id: 'U0123ABC', name: 'Sam Rivera', handles: ['sam'] },
      { id: 'U0456DEF', name: 'Lena Park', handles: ['lena'] },
    ],
    opportunities: ['Acme Renewal 2025', 'Globex Pilot'],
    stages: ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'],
  },
};
