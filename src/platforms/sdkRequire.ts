import { createRequire } from 'node:module';

/**
 * Loads a platform SDK with `require`, not `import`. For a CommonJS package, Node's ESM loader (and
 * tsx's hook on it) keep copies of the source to find its named exports: the Lark SDK is one 6 MB
 * file, and `import` cost the bot some 70 MB more resident memory than `require`. dingtalk-stream's
 * ESM build would also bring a second axios (its ESM one) beside the Lark SDK's CommonJS one.
 */
export const requireSdk = createRequire(import.meta.url);
