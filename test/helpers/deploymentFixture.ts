/** A deployment file's contents as `lpguard chain up` writes it for the local chain (addresses of the dev deployer). */
export const LOCAL_DEPLOYMENT = {
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:8545",
  contracts: {
    factory: "0xdc64a140aa3e981100a9beca4e685f962f0cf6c9",
    positionManager: "0x5fc8d32690cc91d4c39d9d3abcbd16989f875707",
    swapRouter: "0x0165878a594ca255338adfa4d48449f69242eb8f",
    weth9: "0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9",
  },
  tokens: {
    USDC: { address: "0x5fbdb2315678afecb367f032d93f642f64180aa3", decimals: 6 },
    WETH: { address: "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0", decimals: 18 },
  },
  pools: [
    {
      name: "polygon-weth-usdc-005",
      address: "0x9d1dda79cf6b10ca05dd12f83ebaed6121eaaeb5",
      token0: "USDC",
      token1: "WETH",
      fee: 500,
      tickSpacing: 10,
      base: "WETH",
      quote: "USDC",
    },
  ],
};
