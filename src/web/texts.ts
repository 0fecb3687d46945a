import { bi } from '../i18n/text.js';

/** What `/后台` answers in chat; the pages themselves are Chinese only (`pages/`). */
export const CONSOLE_TEXTS = {
  help: bi('打开网页后台（私信一次性登录链接，10 分钟内有效）；/后台 退出 结束所有登录', 'Open the web console (a one-time sign-in link by private message, valid 10 minutes); /console logout ends every session'),
  usage: bi('[退出]', '[logout]'),
  notForYou: bi('网页后台供区统计局管理员、街道管理员和网格长使用。', 'The web console is for bureau admins, street admins and grid leaders.'),
  notRunning: bi('网页后台尚未启动，请联系管理员。', 'The web console is not running; ask an administrator.'),
  tooMany: bi('登录链接申请过于频繁，请 10 分钟后再试。', 'Too many sign-in links asked for; try again in 10 minutes.'),
  link: (url: string) => bi(`网页后台登录链接（10 分钟内有效，仅可使用一次，请勿转发）：\n${url}`, `Web console sign-in link (valid 10 minutes, once only; do not forward):\n${url}`),
  sentPrivately: bi('登录链接已私信发给您。', 'The sign-in link was sent to you privately.'),
  loggedOut: (n: number) => bi(`已退出网页后台（结束 ${n} 个登录）。`, `Signed out of the web console (${n} session(s) ended).`),
};
