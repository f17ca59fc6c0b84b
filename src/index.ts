/** The library surface of lpguard: the same functions the CLI uses. */
export * from "./errors/index.js";
export type * from "./types/index.js";
