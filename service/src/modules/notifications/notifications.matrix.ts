import type { ModuleMatrix } from '../../matrix/matrix.js';

export const matrix: ModuleMatrix = { routes: [] };
