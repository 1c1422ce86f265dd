"""Inline CSS and JavaScript of the HTML report (no external resources, ever)."""

from __future__ import annotations

CSS = """
:root { --source:#cfe3ff; --content:#fff1a8; --cue:#b0005a; --hedge:#e07000; --claim:#6a6a6a; --technique:#7b2ff7;
  --narrative:#0a7f5a; }
* { box-sizing: border-box; }
body { font: 16px/1.6 Georgia, "Times New Roman", serif; margin: 0; color: #1d1d1d; background: #fafafa; }
header.page { padding: 1rem 2rem; background: #20252b; color: #fff; font-family: system-ui, sans-serif; }
header.page h1 { margin: 0; font-size: 1.2rem; }
section.article { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16rem, 1fr); gap: 2rem;
  padding: 1.5rem 2rem; border-bottom: 4px solid #ddd; }
@media (max-width: 900px) { section.article { grid-template-columns: 1fr; } }
h2 { margin-top: 0; }
.meta, .side, table, .legend { font-family: system-ui, sans-serif; font-size: .9rem; }
.meta { color: #555; margin-bottom: 1rem; }
.text { white-space: pre-wrap; background: #fff; padding: 1.2rem 1.5rem; border: 1px solid #e3e3e3;
  border-radius: 6px; }
.seg { cursor: pointer; padding-bottom: 2px; }
.m-claim { border-bottom: 2px solid var(--claim); }
.m-content { background: var(--content); }
.m-source { background: var(--source); }
.m-cue { color: var(--cue); font-weight: bold; }
.m-hedge { text-decoration: underline wavy var(--hedge); text-underline-offset: 3px; }
.m-technique { box-shadow: inset 0 -3px 0 var(--technique); }
.m-narrative { border-top: 2px dotted var(--narrative); }
.hide-claim .m-claim { border-bottom: 0; }
.hide-content .m-content { background: none; }
.hide-source .m-source { background: none; }
.hide-cue .m-cue { color: inherit; font-weight: normal; }
.hide-hedge .m-hedge { text-decoration: none; }
.hide-technique .m-technique { box-shadow: none; }
.hide-narrative .m-narrative { border-top: 0; }
.seg.selected { outline: 2px solid #20252b; }
.legend label { display: inline-block; margin: 0 .8rem .3rem 0; }
.legend .sw { padding: 0 .3rem; }
.side { position: sticky; top: 1rem; align-self: start; }
.why { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: .8rem; min-height: 5rem; }
.why dl { margin: .2rem 0 .8rem; }
.why dt { font-weight: bold; }
.why dd { margin: 0 0 .2rem 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .25rem .4rem; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
.flags li { color: #a00000; margin-bottom: .3rem; }
.muted { color: #777; }
"""

JS = """
(function () {
  function show(section, seg) {
    var data = JSON.parse(section.querySelector('script.findings').textContent);
    var box = section.querySelector('.why');
    section.querySelectorAll('.seg.selected').forEach(function (s) { s.classList.remove('selected'); });
    seg.classList.add('selected');
    box.textContent = '';
    seg.dataset.f.split(' ').forEach(function (i) {
      var f = data[Number(i)];
      var h = document.createElement('h4');
      h.textContent = f.label + ': \\u201c' + f.text + '\\u201d';
      box.appendChild(h);
      var dl = document.createElement('dl');
      var rows = [['why', f.reason]].concat(Object.entries(f.details));
      rows.forEach(function (row) {
        var dt = document.createElement('dt'); dt.textContent = row[0];
        var dd = document.createElement('dd'); dd.textContent = row[1];
        dl.appendChild(dt); dl.appendChild(dd);
      });
      box.appendChild(dl);
    });
  }
  document.querySelectorAll('section.article').forEach(function (section) {
    section.addEventListener('click', function (ev) {
      var seg = ev.target.closest('.seg');
      if (seg && seg.dataset.f) { show(section, seg); }
    });
    section.querySelectorAll('.legend input').forEach(function (box) {
      box.addEventListener('change', function () {
        section.querySelector('.text').classList.toggle('hide-' + box.value, !box.checked);
      });
    });
  });
})();
"""
