import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, jsonForScript, type SafeHtml } from './html.js';
import type { Viewer } from './viewer.js';

const NAV: Array<{ href: string; label: string; bureau?: boolean }> = [
  { href: '/', label: '总览' },
  { href: '/grids', label: '网格' },
  { href: '/problems', label: '问题' },
  { href: '/notices', label: '通知' },
  { href: '/assessment', label: '考核与经费' },
  { href: '/calendar', label: '日历与设置' },
  { href: '/audit', label: '审计' },
  { href: '/import', label: '导入', bureau: true },
  { href: '/queues', label: '队列', bureau: true },
];

function scopeName(v: Viewer): string {
  if (v.district) return '全区';
  if (v.streets.length) return `街道 ${v.streets.join('、')}`;
  return `网格 ${v.grids.join('、')}`;
}

function document(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 统计网格后台</title><link rel="stylesheet" href="/assets/console.css">
<script src="/assets/echarts/echarts.min.js" defer></script><script src="/assets/charts.js" defer></script></head>
<body>${body}</body></html>`;
}

/** A signed-in page: the menu for the viewer's roles, who they are, the sign-out button, then the content. */
export function sendPage(req: FastifyRequest, reply: FastifyReply, title: string, content: SafeHtml): FastifyReply {
  const v = req.viewer!;
  const nav = NAV.filter((n) => !n.bureau || v.district).map((n) => html`<a href="${n.href}">${n.label}</a>`);
  const header = html`<header><strong>统计网格后台</strong><nav>${nav}</nav>
<span class="who">${v.member.name}（${scopeName(v)}）</span>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${reply.generateCsrf()}"><button>退出</button></form></header>`;
  return reply.type('text/html; charset=utf-8').send(document(title, html`${header}<main><h1>${title}</h1>${content}</main>`).value);
}

/** A plain page with no session behind it: a refused, expired or unknown link, an error. */
export function sendPlain(reply: FastifyReply, status: number, title: string, text: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(document(title, html`<main class="plain"><h1>${title}</h1><p>${text}</p></main>`).value);
}

/** A chart drawn by /assets/charts.js from JSON beside it (no inline script: the CSP allows none). */
export const chart = (id: string, option: unknown) =>
  html`<div class="chart" id="${id}"></div><script type="application/json" data-chart="${id}">${jsonForScript(option)}</script>`;
