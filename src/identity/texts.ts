import { bi, lines, type Text } from '../i18n/text.js';

/** What registration, confirmation and unlinking say. */
export const IDENTITY = {
  /** One sentence on what is kept and why (the first registration reply says it). */
  whatWeKeep: bi(
    '我们只保存您的姓名、手机号和聊天账号，用于网格通知、签到和年度考核。',
    'We keep only your name, phone and chat account, for grid notices, check-ins and the annual assessment.',
  ),
  privateNextTime: bi('手机号请私聊我发送，不要发在群里。', 'Please send your phone to me in a private chat, not in a group.'),
  noSuchEntry: bi('通讯录里没有这个姓名和手机号，请核对，或请网格长把您加入通讯录。',
    'No directory entry has this name and phone. Check them, or ask your grid leader to add you.'),
  alreadyYou: (name: string) => bi(`您已登记为 ${name}。`, `You are already registered as ${name}.`),
  alreadySomeoneElse: (name: string) => bi(`本账号已登记为 ${name}，不能再登记为他人。`, `This account is already registered as ${name}.`),
  taken: bi('此人已由另一个账号登记，不能再登记。如需更换账号，请联系网格长用 /解绑 解除原账号。',
    'This person is already registered by another account. To change accounts, ask the grid leader to /unlink the old one.'),
  registered: (name: string) => bi(`登记成功，${name}。发送 /帮助 查看您可用的命令。`, `Registered, ${name}. Send /help to see your commands.`),
  pending: (who: string, number: string) =>
    bi(`已提交登记申请 ${number}，等待 ${who} 确认，确认后会通知您。`, `Registration ${number} is waiting for ${who} to confirm; you will be told.`),
  noConfirmer: (number: string) =>
    bi(`已提交登记申请 ${number}，但本平台暂无能确认的网格长，请联系网格长或街道统计员。`,
      `Registration ${number} is waiting, but no leader can confirm it on this platform yet; contact your grid leader or street.`),
  stillPending: bi('您的登记正在等待网格长确认，确认后即可使用。', 'Your registration is waiting for your grid leader to confirm it.'),

  cardTitle: bi('登记确认', 'Confirm a registration'),
  card: (name: string, tail: string, account: string, number: string) =>
    bi(`${name}（手机尾号 ${tail}）申请关联此聊天账号${account ? `「${account}」` : ''}（${number}）。是本人吗？`,
      `${name} (phone ending ${tail}) asks to link the chat account${account ? ` "${account}"` : ''} (${number}). Is it them?`),
  confirm: bi('确认', 'Confirm'),
  refuse: bi('拒绝', 'Refuse'),

  noSuchRegistration: (number: string) => bi(`没有待确认的登记 ${number}（可能已处理）。`, `No registration ${number} is waiting (it may have been handled).`),
  notYours: bi('这条登记不由您确认。', 'This registration is not yours to confirm.'),
  confirmed: (name: string, number: string) => bi(`已确认 ${number}：${name} 的聊天账号已关联。`, `Confirmed ${number}: ${name}'s chat account is linked.`),
  confirmedTaken: (name: string, number: string) =>
    bi(`${number} 未能关联：${name} 已由另一个账号登记。`, `${number} not linked: ${name} is already registered by another account.`),
  refused: (name: string, number: string) => bi(`已拒绝 ${number}（${name}）。`, `Refused ${number} (${name}).`),
  toApplicantConfirmed: (name: string, by: string): Text =>
    lines(bi(`登记成功，${name}（由 ${by} 确认）。`, `Registered, ${name} (confirmed by ${by}).`), bi('发送 /帮助 查看您可用的命令。', 'Send /help to see your commands.')),
  toApplicantRefused: (by: string) => bi(`您的登记申请未通过（${by} 拒绝）。如有疑问，请联系网格长。`, `Your registration was refused by ${by}. Ask your grid leader if in doubt.`),

  fullNumberPrivately: bi('完整手机号只在私聊中提供，请私聊我发送 /号码 姓名。', 'Full phone numbers are given only in a private chat: send me /phone NAME there.'),
  notYourPerson: (who: string) => bi(`您管理的网格里没有「${who}」。`, `No one called "${who}" is in the grids you lead.`),
  notInGrid: (who: string) => bi(`本网格通讯录里没有「${who}」。`, `No one called "${who}" is in this grid's directory.`),
  nothingToUnlink: (name: string) => bi(`${name} 没有关联的聊天账号。`, `${name} has no linked chat account.`),
  unlinked: (name: string, count: number) => bi(`已解除 ${name} 的 ${count} 个聊天账号关联，其需重新 /登记。`, `Unlinked ${count} chat account(s) of ${name}; they register again to come back.`),
  toUnlinked: (by: string) => bi(`您的聊天账号已被 ${by} 解除关联。如需继续使用，请私聊我重新 /登记。`, `${by} unlinked your chat account. Register again in a private chat to come back.`),
  unregisterFirst: (name: string) =>
    bi(`发送 /注销 确认，解除本聊天账号与 ${name} 的关联。`, `Send /unregister confirm to unlink this chat account from ${name}.`),
  unregistered: (name: string) =>
    bi(`已注销：本聊天账号不再关联 ${name}。您的通讯录信息和考核记录由网格长管理。`,
      `Done: this chat account is no longer linked to ${name}. Your directory entry and assessment records stay with your grid.`),
};
