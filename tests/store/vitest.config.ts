import { defineConfig } from 'vitest/config';

/** `npm run test:store`: the store contract alone, against STORE_CONTRACT_URI, without the local services. */
export default defineConfig({
  test: {
    include: ['tests/store/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
