// Test runner settings: every root's tests under test/, Node environment.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Limits, not assertions: tests and hooks that start DynamoDB Local, the SES emulator or Chromium
    // take many times longer on a loaded CI machine than on a quiet one (vitest's default hook limit
    // is 10 s), and a limit hit there fails a whole file for no fault of the code.
    testTimeout: 90_000,
    hookTimeout: 180_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
