/** The imports API's shapes, from the generated schema (its bodies are inline, not named). */
import type { paths } from '../../lib/api-schema';

type Ok<Operation> = Operation extends { responses: { 200: { content: { 'application/json': infer Body } } } }
  ? Body
  : Operation extends { responses: { 202: { content: { 'application/json': infer Body } } } }
    ? Body
    : never;

export type Preview = Ok<paths['/api/v1/imports/preview']['post']>;
export type ImportJob = Ok<paths['/api/v1/imports/{id}']['get']>;
export type ImportType = ImportJob['type'];
export type Mapping =
  Ok<paths['/api/v1/import-mappings']['get']> extends { items: (infer Item)[] } ? Item : never;
export type ExportJob = Ok<paths['/api/v1/exports/{id}']['get']>;

export const IMPORT_TYPES: [ImportType, string][] = [
  ['customers', 'Customers'],
  ['contacts', 'Contacts'],
  ['opportunities', 'Opportunities'],
  ['interactions', 'Interactions'],
  ['tasks', 'Tasks'],
  ['users', 'Users'],
];
