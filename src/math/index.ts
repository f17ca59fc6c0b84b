/** The pure math core: exact Uniswap v3 (BigInt), float LP analytics, options, replication and statistics. */
export * from "./options/index.js";
export * from "./position/index.js";
export * from "./replication/index.js";
export * from "./stats/index.js";
export * from "./units.js";
export * from "./v2/index.js";
export * from "./v3/float/index.js";
export * from "./v3/index.js";
export * from "./weighted/index.js";
