import { bi } from './text.js';

/** Replies of the pipeline itself; commands keep their own texts beside their code. */
export const MSG = {
  notACommand: bi('请发送以 / 开头的命令，例如 /帮助。', 'Send a command starting with /, for example /help.'),
  unbalancedQuote: bi('引号没有配对，请检查后重新发送。', 'A quote is not closed; please check and send again.'),
  unknownCommand: (name: string, suggestion?: string) =>
    suggestion
      ? bi(`没有 /${name} 这个命令，您是不是要用 /${suggestion}？发送 /帮助 查看全部命令。`,
          `There is no /${name} command. Did you mean /${suggestion}? Send /help for all commands.`)
      : bi(`没有 /${name} 这个命令。发送 /帮助 查看全部命令。`, `There is no /${name} command. Send /help for all commands.`),
  usage: (zhUsage: string, enUsage: string) => bi(`格式不对。用法：${zhUsage}`, `Wrong arguments. Usage: ${enUsage}`),
  notRegistered: bi('您还没有登记。请私聊我发送：/登记 姓名 手机号', 'You are not registered yet. Send me in a private chat: /register NAME PHONE'),
  refused: (zhWho: string, enWho: string, zhCmd: string, enCmd: string) =>
    bi(`只有${zhWho}可以使用 /${zhCmd}。`, `Only ${enWho} may use /${enCmd}.`),
  otherGridsGroup: (gridName: string, zhCmd: string, enCmd: string) =>
    bi(`这是「${gridName}」的群，您不在这个网格。请在您所在网格的群里使用 /${zhCmd}。`,
      `This is the group of "${gridName}", a grid you are not in. Use /${enCmd} in your own grid's group.`),
  groupNotBound: bi('本群还没有绑定网格。街道或区统计局管理员可发送：/绑定 网格编号',
    'This group is not bound to a grid yet. A street or bureau admin can send: /bind GRIDCODE'),
  tooManyCommands: bi('您发送命令太频繁了，请一分钟后再试。', 'You are sending commands too fast; please wait a minute.'),
  internalError: bi('处理出错了，请稍后再试。', 'Something went wrong; please try again later.'),
};
