// /static/style.css: all of the admin page's looks (the CSP forbids inline
// styles). Plain CSS with custom properties; a dark scheme follows the
// browser's preference.
#include "confab/web/pages.h"

namespace confab::web {

namespace {

constexpr std::string_view kStyleCss = R"css(:root {
  --bg: #f5f6f8; --panel: #ffffff; --text: #1d2330; --muted: #5d6678; --line: #dde1e8;
  --accent: #2357c6; --accent-text: #ffffff; --good: #1d7a46; --good-bg: #e3f4ea;
  --bad: #b3261e; --bad-bg: #fbe7e5; --warn-bg: #fff4d6; --talk: #0f7b3b; --talk-bg: #d9f5e3;
  --chip-bg: #eef0f4; --radius: 8px; --shadow: 0 1px 2px rgba(16, 24, 40, .06), 0 1px 3px rgba(16, 24, 40, .08);
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171d; --panel: #1d2129; --text: #e6e9ef; --muted: #9aa3b5; --line: #2e3440;
    --accent: #6d9cff; --accent-text: #0d1220; --good: #6fd49a; --good-bg: #183527;
    --bad: #ff8a80; --bad-bg: #3d1f1d; --warn-bg: #3a3217; --talk: #7ee2a4; --talk-bg: #173a27;
    --chip-bg: #2a303b; --shadow: none;
  }
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; line-height: 1.45;
}
a { color: var(--accent); }
a:hover { text-decoration-thickness: 2px; }
h1 { font-size: 1.5rem; margin: 0; }
h2 { font-size: 1.1rem; margin: 0 0 .6rem; }
code, pre, .number, .jid, .leg-number, .sip-code { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: .92em; }
[hidden] { display: none !important; }

/* top bar */
.topbar {
  display: flex; align-items: center; gap: 1.5rem; padding: .55rem 1.25rem;
  background: var(--panel); border-bottom: 1px solid var(--line); flex-wrap: wrap;
}
.brand { font-weight: 700; font-size: 1.15rem; color: var(--text); text-decoration: none; letter-spacing: .02em; }
.topbar nav ul { display: flex; gap: .25rem; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
.topbar nav a { display: block; padding: .35rem .7rem; border-radius: 6px; color: var(--text); text-decoration: none; }
.topbar nav a:hover { background: var(--chip-bg); }
.topbar nav a.active { background: var(--accent); color: var(--accent-text); }
.who { margin-left: auto; display: flex; align-items: center; gap: .6rem; color: var(--muted); }
.admin-name { font-weight: 600; color: var(--text); }

main { max-width: 1200px; margin: 0 auto; padding: 1.25rem; }
.page-footer { max-width: 1200px; margin: 0 auto; padding: 1rem 1.25rem 2rem; color: var(--muted); font-size: .85rem; }
.page-head { display: flex; align-items: center; justify-content: space-between; gap: 1rem; margin-bottom: 1rem; flex-wrap: wrap; }
.section-title { margin-top: 1.4rem; }
.summary, .hint, .meta, .muted-text, .empty-note { color: var(--muted); }
.hint { font-size: .87rem; margin: .3rem 0 0; }
.empty-note { font-style: italic; }

/* cards and columns */
.card {
  background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius);
  box-shadow: var(--shadow); padding: 1rem 1.1rem; margin-bottom: 1rem;
}
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 1rem; }
.cards .card { margin: 0; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 1rem; }
.conference h2 a { color: var(--text); text-decoration: none; }
.conference h2 a:hover { text-decoration: underline; }
.meta { margin: .1rem 0 .6rem; font-size: .9rem; }

/* health strip */
.health { display: flex; flex-wrap: wrap; gap: .6rem; margin-bottom: .5rem; }
.health-item {
  background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius);
  padding: .45rem .8rem; display: flex; flex-direction: column; min-width: 8rem; box-shadow: var(--shadow);
}
.health-item .label { font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.health-item .value { font-weight: 600; font-variant-numeric: tabular-nums; }
.health-item.status { flex: 1 1 14rem; }
.health-item.status .value { font-weight: 500; font-size: .9rem; overflow-wrap: anywhere; }
.health-item.good { border-left: 4px solid var(--good); }
.health-item.bad { border-left: 4px solid var(--bad); }

/* live status */
.live-status { margin: 0; font-size: .85rem; padding: .2rem .65rem; border-radius: 999px; background: var(--chip-bg); color: var(--muted); }
.live-status::before { content: "\25CB  "; }
.live-status[data-state="live"] { background: var(--good-bg); color: var(--good); }
.live-status[data-state="live"]::before { content: "\25CF  "; }
.live-status[data-state="reconnecting"] { background: var(--warn-bg); color: var(--text); }
.live-status[data-state="ended"] { background: var(--chip-bg); color: var(--muted); }

/* legs */
.legs { list-style: none; margin: 0; padding: 0; }
.legs li { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .5rem; padding: .4rem 0; border-top: 1px solid var(--line); }
.legs .talk-indicator { flex: 0 0 5.8rem; }
.leg-who { flex: 1 1 auto; }
.leg-status { display: flex; gap: .35rem; align-items: center; margin-left: auto; }
.legs li:first-child { border-top: 0; }
.legs .empty { color: var(--muted); font-style: italic; }
.leg-name { font-weight: 600; }
.leg-number { color: var(--muted); }
.talk-indicator { display: inline-block; font-size: .85rem; color: var(--muted); border-radius: 999px; padding: 0 .5rem; white-space: nowrap; }
.talk-indicator.talking { color: var(--talk); background: var(--talk-bg); font-weight: 600; }
.mute-mark { color: var(--bad); font-size: .85rem; font-weight: 600; }
.leg.ended { opacity: .6; }

/* chips */
.chip {
  display: inline-block; padding: .05rem .5rem; border-radius: 999px; background: var(--chip-bg);
  font-size: .8rem; color: var(--text); white-space: nowrap; font-weight: 500;
}
.chip.state-connected, .chip.good, .chip.live { background: var(--good-bg); color: var(--good); }
.chip.state-disconnected, .chip.bad { background: var(--bad-bg); color: var(--bad); }
.chip.state-dialing, .chip.state-alerting, .chip.state-invited { background: var(--warn-bg); }
.chip.locked { background: var(--warn-bg); margin-left: .5rem; vertical-align: middle; }
.chip.preferred { font-size: .72rem; }

/* tables */
.table-wrap { overflow-x: auto; background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); }
.card .table-wrap { box-shadow: none; }
table.data { width: 100%; border-collapse: collapse; }
table.data th, table.data td { text-align: left; padding: .5rem .7rem; border-bottom: 1px solid var(--line); vertical-align: top; }
table.data thead th { font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: var(--chip-bg); }
table.data tbody tr:last-child td { border-bottom: 0; }
table.data tbody tr:hover { background: color-mix(in srgb, var(--chip-bg) 50%, transparent); }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; }
table.data time, table.data .number { white-space: nowrap; }
table.data tr.failed td { background: color-mix(in srgb, var(--bad-bg) 45%, transparent); }
table.participants { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); margin-bottom: 1rem; }
td.actions { white-space: nowrap; }
.numbers { list-style: none; margin: 0; padding: 0; }
.numbers .kind { color: var(--muted); font-size: .85rem; }

/* forms */
form.inline { display: inline; margin: 0 .25rem 0 0; }
.stacked .field, .search .field { display: flex; flex-direction: column; gap: .25rem; margin-bottom: .75rem; }
label, legend { font-size: .85rem; font-weight: 600; color: var(--muted); }
input[type="text"], input[type="search"], input[type="tel"], input[type="password"], input[type="number"],
input[type="date"], textarea {
  font: inherit; color: var(--text); background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px; padding: .45rem .55rem; min-width: 0;
}
textarea { width: 100%; font-family: "DejaVu Sans Mono", ui-monospace, monospace; resize: vertical; }
input:focus, textarea:focus, button:focus-visible, a:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem .9rem; margin: 0 0 .8rem; }
.field.check { flex-direction: row; align-items: center; gap: .45rem; }
.field.check label, label.radio { font-weight: 500; color: var(--text); }
label.radio { margin-right: 1rem; }
.stacked fieldset.field { flex-direction: row; flex-wrap: wrap; align-items: center; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 0 1rem; }
.search {
  display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; background: var(--panel);
  border: 1px solid var(--line); border-radius: var(--radius); padding: .9rem 1rem .2rem; margin-bottom: 1rem; box-shadow: var(--shadow);
}
.search .buttons { flex-direction: row; gap: .5rem; }
.buttons { display: flex; gap: .5rem; align-items: center; }
.row { display: flex; gap: .5rem; margin-top: .25rem; }
.row input { flex: 1; max-width: 22rem; }
.dial-form label { display: block; }
.toolbar { display: flex; gap: .25rem; margin-bottom: .9rem; }
.role .members { margin: 0 0 .5rem; color: var(--muted); font-size: .9rem; }

/* buttons */
.button, button {
  font: inherit; font-size: .9rem; display: inline-block; padding: .38rem .8rem; border-radius: 6px;
  border: 1px solid var(--line); background: var(--panel); color: var(--text); cursor: pointer; text-decoration: none;
  line-height: 1.3;
}
.button:hover, button:hover { background: var(--chip-bg); }
.button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
.button.primary:hover { filter: brightness(1.08); }
.button.danger { color: var(--bad); border-color: color-mix(in srgb, var(--bad) 45%, var(--line)); }
.button.danger:hover { background: var(--bad-bg); }
button:disabled { opacity: .5; cursor: not-allowed; }
.link-button { border: 0; background: none; color: var(--accent); padding: .2rem .3rem; text-decoration: underline; }
.link-button:hover { background: none; }

/* messages */
.flash { padding: .6rem .9rem; border-radius: var(--radius); margin: 0 0 1rem; border: 1px solid var(--line); }
.flash.ok { background: var(--good-bg); color: var(--good); border-color: transparent; }
.flash.error { background: var(--bad-bg); color: var(--bad); border-color: transparent; }
.import-errors h2 { font-size: 1rem; color: inherit; }
.import-errors ul { margin: 0; padding-left: 1.2rem; }
.ended-note { background: var(--warn-bg); padding: .6rem .9rem; border-radius: var(--radius); }

/* pagination */
.pagination ul { display: flex; gap: .25rem; list-style: none; padding: 0; margin: 1rem 0; flex-wrap: wrap; }
.pagination a, .pagination .current, .pagination .gap { display: block; padding: .3rem .65rem; border-radius: 6px; }
.pagination a { border: 1px solid var(--line); background: var(--panel); text-decoration: none; }
.pagination .current { background: var(--accent); color: var(--accent-text); font-weight: 600; }

/* facts, timeline, logs */
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0 0 1rem; }
.facts dt { color: var(--muted); font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.timeline { list-style: none; margin: 0; padding: 0 0 0 1rem; border-left: 2px solid var(--line); }
.timeline li { position: relative; padding: .3rem 0 .3rem .8rem; }
.timeline li::before {
  content: ""; position: absolute; left: -1.42rem; top: .75rem; width: .6rem; height: .6rem;
  border-radius: 50%; background: var(--muted);
}
.timeline li.milestone::before { background: var(--accent); }
.timeline li.failed::before { background: var(--bad); }
.timeline time { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: .4rem; }
.timeline .kind { display: inline-block; min-width: 7.5rem; font-weight: 600; }
pre.log, pre.config {
  margin: 0; padding: .75rem; background: var(--bg); border: 1px solid var(--line); border-radius: 6px;
  max-height: 28rem; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .82rem;
}

/* login and error pages */
.login { max-width: 22rem; margin: 10vh auto 0; }
.login h1 { margin-bottom: 1rem; }
.login .field { display: flex; flex-direction: column; gap: .25rem; margin-bottom: .8rem; }
.login input { width: 100%; }
.login button { width: 100%; margin-top: .3rem; padding: .5rem; }
.error-page { max-width: 36rem; margin: 8vh auto 0; }
.page-login .page-footer, .page-error .page-footer { text-align: center; }

@media (max-width: 640px) {
  main { padding: .75rem; }
  .who { margin-left: 0; }
  .cards { grid-template-columns: 1fr; }
}
)css";

}  // namespace

std::string_view styleCss() { return kStyleCss; }

}  // namespace confab::web
