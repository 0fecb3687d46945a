import { bi, type Text } from '../i18n/text.js';

export interface HelpTopic {
  name: Text;
  /** Command names (English, as declared), the common ones first, each with one example. */
  commands: Array<[name: string, example: string]>;
}

/** `/帮助` groups the commands a person may use by these topics; one not listed goes under 其他. */
export const HELP_TOPICS: HelpTopic[] = [
  {
    name: bi('登记与通讯录', 'Registration and directory'),
    commands: [
      ['help', '/帮助 活动'], ['register', '/登记 张三 13800000000'], ['whoami', '/我的'], ['members', '/通讯录'], ['homes', '/统计之家'],
      ['addmember', '/加成员 李四 13900000000 某某公司'], ['removemember', '/删成员 李四'], ['setleader', '/设置网格长 JS-01 王五'],
      ['bind', '/绑定 JS-01'], ['phone', '/号码 李四'], ['confirmreg', '/确认登记 R-0001'], ['refusereg', '/拒绝登记 R-0001'],
      ['unlink', '/解绑 李四'], ['unregister', '/注销 确认'], ['import', '/导入'], ['console', '/后台'],
    ],
  },
  {
    name: bi('活动与考勤', 'Activities and attendance'),
    commands: [
      ['checkin', '/签到'], ['leave', '/请假 A-0012 出差'], ['myattendance', '/我的考勤'], ['activity', '/活动 例会 明天下午3点 JS-H 四季度例会'],
      ['attendance', '/考勤 A-0012'], ['changeactivity', '/改活动 A-0012 时间=后天 上午9点'], ['cancelactivity', '/取消活动 A-0012 场地不可用'],
      ['backfillactivity', '/补录活动 例会 12月1日 15:00 三楼会议室 月度例会 出席=张三、李四'],
      ['activities', '/活动情况'],
    ],
  },
  {
    name: bi('月报与报表', 'Monthly reports and returns'),
    commands: [
      ['filed', '/已报'], ['report', '/月报 本月走访企业5家'], ['reports', '/月报情况 上个月'], ['hear', '/听取 JS-01 上个月'], ['remind', '/提醒设置 月报截止日 25'],
      ['holidays', '/节假日 明年'], ['runjob', '/运行提醒 月报到期 JS'],
    ],
  },
  {
    name: bi('通知', 'Notices'),
    commands: [['ack', '/收到'], ['notice', '/通知 街道=JS 本周五前完成年报'], ['notices', '/通知情况 N-0001']],
  },
  {
    name: bi('问题', 'Problems'),
    commands: [
      ['ask', '/问题 月报几号截止？'], ['questions', '/问题列表'], ['resolve', '/解决 Q-0001'], ['followup', '/追问 Q-0001 节假日顺延吗？'],
      ['answer', '/答复 Q-0001 每月5日前报送'], ['handover', '/转交 Q-0001 王五'], ['standard', '/标准答复 Q-0001 月报'],
    ],
  },
  {
    name: bi('考核与经费', 'Assessment and funds'),
    commands: [
      ['result', '/考核结果'], ['budget', '/经费 明年'], ['assess', '/考核 试算'], ['approve', '/考核确认 JS'], ['stars', '/评星'],
      ['excellent', '/优秀网格 JS-01'], ['export', '/导出 考核'],
    ],
  },
];
