/**
 * Analytics owns no table: it reads deals, their stage history, conversations and scores, which their
 * modules' tables files declare.
 */
export {};
