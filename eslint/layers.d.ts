import type { Linter } from 'eslint';

export declare const layerBoundaries: Linter.Config[];
