/**
 * Search owns no table: it reads the generated `search` vectors and the trigram indexes on `lower(name)`
 * of customers, contacts and opportunities, which their tables files declare.
 */
export {};
