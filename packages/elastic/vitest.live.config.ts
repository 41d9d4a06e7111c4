import { defineConfig } from "vitest/config";

/**
 * The live suite: runs against a real cluster named by ELASTIC_URL and credentials in the environment (see
 * README "Live tests"); every case skips itself when they are absent. `pnpm test:live`.
 */
export default defineConfig({
  test: {
    include: ["test/live/**/*.live.ts", "test/live/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
