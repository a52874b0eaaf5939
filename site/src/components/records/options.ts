/** Choices the API accepts, as people read them. */
const words = (value: string) => value.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
const choices = (values: readonly string[]) => values.map((value) => ({ value, label: words(value) }));

export const INDUSTRIES = choices([
  'software',
  'financial_services',
  'healthcare',
  'manufacturing',
  'retail',
  'education',
  'government',
  'energy',
  'telecommunications',
  'media',
  'logistics',
  'real_estate',
  'professional_services',
  'hospitality',
  'nonprofit',
  'other',
]);
export const SIZE_BANDS = choices(['1-10', '11-50', '51-200', '201-1000', '1001-5000', '5001+']);
export const CUSTOMER_STATUSES = choices(['prospect', 'active', 'churned']);
export const DEAL_STATUSES = choices(['open', 'won', 'lost']);
export const COMPETITION = choices(['none', 'low', 'medium', 'high']);
