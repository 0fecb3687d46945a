import type { PlatformName } from '../core/types.js';

const MB = 1024 * 1024;

/**
 * The largest file the bot may send on each platform: Lark's file upload takes 30 MB
 * (im/v1/files), DingTalk's media upload 20 MB for a file (media/upload).
 */
export const SEND_FILE_LIMIT: Record<PlatformName, number> = { lark: 30 * MB, dingtalk: 20 * MB, console: Infinity };

/** "12.5 MB" */
export const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
