import type { BuildResult, Metafile } from 'esbuild';

export declare function buildMain(outfile?: string): Promise<BuildResult & { metafile: Metafile }>;
export declare function buildPreload(): Promise<BuildResult>;
export declare function buildDev(): Promise<BuildResult[]>;
export declare function buildRenderer(): Promise<unknown>;
