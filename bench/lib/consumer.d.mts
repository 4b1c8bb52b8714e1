// Types of consumer.mjs, for the consumer spec.
export declare const ROOT: string;
export declare const MODULE_MODES: Readonly<Record<'nodenext' | 'node16' | 'bundler', Readonly<Record<string, string>>>>;
export declare const STRICT: Readonly<Record<string, boolean>>;
export declare function sampleCalls(count: number): string[];
export declare function callsFile(calls: readonly string[]): string;
export declare function untypedPackage(into: string): string;
export declare function consumerProject(dir: string, packageDir: string, source: string, compilerOptions: Readonly<Record<string, unknown>>): string;
export declare function typecheck(dir: string): { status: number; errors: string[]; totalSeconds: number; checkSeconds: number; memoryKb: number };
