export const matrix = { routes: [] };
