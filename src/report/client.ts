/**
 * The HTML report's script, inlined into the page as it is: plain ES2020 for any current browser,
 * no library. It reads the packed data (see packReportData in html.ts) from the page's
 * `<script type="application/json">`, draws the folder treemap as SVG, wires the rule bars
 * (drawn at build time) to the pages table, and renders, sorts and filters that table.
 *
 * Why SVG drawn in the browser, not at build time, and no charting library: the table needs the
 * page data in the file anyway, and with it the treemap of any zoom level is ~100 lines of
 * squarified layout; drawing every zoom level at build time would repeat the tree once per
 * level, and a charting library (d3 alone is ~280 KB minified) would be most of the 1 MB budget.
 * This script is ~20 KB, and a 2,000-page report draws in well under a second.
 *
 * Every string from the data reaches the page through textContent or setAttribute, never
 * innerHTML, so a page named `<script>.md` or a message with HTML in it shows as text.
 * Keep this free of backticks and dollar-brace: it lives in a template literal.
 */
export const clientScript = String.raw`(function () {
'use strict';
var D = JSON.parse(document.getElementById('docgap-data').textContent);
var svgRoot = document.getElementById('treemap');
// The static <svg> element gives the SVG namespace without the page spelling out a URL.
var NS = svgRoot.namespaceURI;
var fmt = new Intl.NumberFormat('en-US');
// Two significant digits: 0.046 findings a page must not read as 0.
var fmt1 = new Intl.NumberFormat('en-US', {maximumSignificantDigits: 2});

function el(name, attrs, text) {
  var node = document.createElement(name);
  if (attrs) for (var key in attrs) if (attrs[key] !== undefined && attrs[key] !== null) node.setAttribute(key, attrs[key]);
  if (text !== undefined) node.textContent = text;
  return node;
}
function sv(name, attrs, text) {
  var node = document.createElementNS(NS, name);
  if (attrs) for (var key in attrs) node.setAttribute(key, attrs[key]);
  if (text !== undefined) node.textContent = text;
  return node;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
function plural(n, one, many) { return fmt.format(n) + ' ' + (n === 1 ? one : many); }
// Only web, file and relative links: a link template or rule URL cannot smuggle in another scheme.
function safeHref(href) { return !href || (/^[a-z][a-z0-9+.-]*:/i.test(href) && !/^(https?|file):/i.test(href)) ? null : href; }
function encodePath(path) { return path.split('/').map(encodeURIComponent).join('/'); }
function findingLink(page, line) {
  if (D.linkTemplate) return D.linkTemplate.split('{path}').join(encodePath(page.path)).split('{line}').join(String(line));
  return page.href;
}

// ------------------------------------------------------------------ data
var RULES = D.rules.map(function (r, i) {
  return {index: i, id: r[0], description: r[1], url: r[2], severity: r[3], findings: r[4], errors: r[5], warnings: r[6], pages: r[7]};
});
var PAGES = D.pages.map(function (p, i) {
  var flat = p[3], findings = [], errors = 0, rules = {};
  for (var k = 0; k < flat.length; k += 5) {
    var error = flat[k + 4] === 1;
    findings.push({line: flat[k], column: flat[k + 1], rule: flat[k + 2], message: D.messages[flat[k + 3]], error: error});
    if (error) errors++;
    rules[flat[k + 2]] = true;
  }
  var slash = p[0].lastIndexOf('/');
  return {index: i, path: p[0], folder: slash < 0 ? '' : p[0].slice(0, slash), href: p[1], worst: p[2], findings: findings,
    errors: errors, warnings: findings.length - errors, rules: rules};
});
function unpackFolder(f, parent) {
  var path = parent ? (parent.path ? parent.path + '/' + f[0] : f[0]) : '';
  var node = {name: f[0], path: path, parent: parent, pages: f[1], pagesWithFindings: f[2], pagesWithErrors: f[3],
    findings: f[4], errors: f[5], warnings: f[6], ownPages: f[7], children: []};
  node.density = node.pages ? node.findings / node.pages : 0;
  node.children = f[8].map(function (c) { return unpackFolder(c, node); });
  return node;
}
var ROOT = unpackFolder(D.folders, null);
var pagesByFolder = {};
PAGES.forEach(function (page) { (pagesByFolder[page.folder] = pagesByFolder[page.folder] || []).push(page); });

// ------------------------------------------------------------------ colour
// Viridis (perceptually uniform, readable with every common colour-vision deficiency and in
// greyscale): fewer findings per page is lighter, more is darker; no findings is light grey.
var VIRIDIS = ['#fde725', '#bddf26', '#7ad151', '#44bf70', '#22a884', '#21918c', '#2a788e', '#355f8d', '#414487', '#482475', '#440154'];
function hex(c) { return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)]; }
function viridis(t) {
  var x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1), i = Math.min(VIRIDIS.length - 2, Math.floor(x)), f = x - i;
  var a = hex(VIRIDIS[i]), b = hex(VIRIDIS[i + 1]);
  return 'rgb(' + a.map(function (v, k) { return Math.round(v + (b[k] - v) * f); }).join(',') + ')';
}
// The scale's top: the 90th percentile of findings per page over folders and pages with findings.
var CAP = (function () {
  var values = [];
  (function walk(n) { if (n.findings) values.push(n.density); n.children.forEach(walk); })(ROOT);
  PAGES.forEach(function (p) { if (p.findings.length) values.push(p.findings.length); });
  values.sort(function (a, b) { return a - b; });
  return Math.max(1, values.length ? values[Math.floor((values.length - 1) * 0.9)] : 1);
})();
function shade(density) {
  if (!density) return {fill: '#e4e4e4', text: '#111'};
  var t = 0.08 + 0.92 * Math.sqrt(Math.min(1, density / CAP));
  return {fill: viridis(t), text: t > 0.45 ? '#fff' : '#111'};
}
function renderLegend() {
  var legend = document.getElementById('legend');
  clear(legend);
  legend.appendChild(el('span', {'class': 'legend-title'}, 'Findings per page:'));
  var steps = [0, CAP / 16, CAP / 4, CAP / 2, CAP];
  steps.forEach(function (value, i) {
    var item = el('span', {'class': 'legend-item'});
    var swatch = sv('svg', {width: '18', height: '14', 'aria-hidden': 'true'});
    swatch.appendChild(sv('rect', {width: '18', height: '14', fill: shade(value).fill, stroke: '#666'}));
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(i === 0 ? ' none' : ' ' + fmt1.format(value) + (i === steps.length - 1 ? ' or more' : '')));
    legend.appendChild(item);
  });
}

// ------------------------------------------------------------------ state
var state = {folder: ROOT, rule: -1, text: '', onlyFindings: false, sort: 'findings', dir: -1, limit: 250, expanded: {}};
// Open on the deepest folder that holds every page (a docs/ tree, not the repository root).
while (state.folder.children.length === 1 && state.folder.ownPages === 0) state.folder = state.folder.children[0];
var startFolder = state.folder;

// ------------------------------------------------------------------ treemap
function worst(row, sum, side) {
  var max = 0, min = Infinity;
  for (var i = 0; i < row.length; i++) { max = Math.max(max, row[i].area); min = Math.min(min, row[i].area); }
  var s2 = side * side, sum2 = sum * sum;
  return Math.max(s2 * max / sum2, sum2 / (s2 * min));
}
// Squarified treemap (Bruls, Huizing, van Wijk 2000): rows of cells whose aspect ratios stay near 1.
function squarify(items, x, y, w, h) {
  var total = 0, out = [];
  items.forEach(function (item) { total += item.value; });
  if (!total) return out;
  var scale = w * h / total;
  var nodes = items.map(function (item) { return {item: item, area: item.value * scale}; });
  var i = 0;
  while (i < nodes.length) {
    var side = Math.min(w, h), row = [nodes[i]], sum = nodes[i].area, score = worst(row, sum, side), j = i + 1;
    while (j < nodes.length) {
      row.push(nodes[j]);
      var next = worst(row, sum + nodes[j].area, side);
      if (next > score) { row.pop(); break; }
      sum += nodes[j].area; score = next; j++;
    }
    var thick = sum / side, offset = 0;
    row.forEach(function (node) {
      var length = node.area / thick;
      if (w >= h) out.push({item: node.item, x: x, y: y + offset, w: thick, h: length});
      else out.push({item: node.item, x: x + offset, y: y, w: length, h: thick});
      offset += length;
    });
    if (w >= h) { x += thick; w -= thick; } else { y += thick; h -= thick; }
    i = j;
  }
  return out;
}
function folderSummary(node) {
  return plural(node.pages, 'page', 'pages') + ', ' + plural(node.findings, 'finding', 'findings') + ' (' + fmt.format(node.errors) + ' errors), ' +
    fmt1.format(node.density) + ' per page';
}
function renderTreemap() {
  var node = state.folder;
  clear(svgRoot);
  var width = Math.max(320, Math.round(svgRoot.getBoundingClientRect().width || 960));
  var height = Math.round(Math.min(520, Math.max(260, width * 0.5)));
  svgRoot.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  svgRoot.setAttribute('height', String(height));
  var items = node.children.map(function (child) { return {kind: 'folder', value: child.pages, density: child.density, node: child}; });
  (pagesByFolder[node.path] || []).forEach(function (page) { items.push({kind: 'page', value: 1, density: page.findings.length, page: page}); });
  items.sort(function (a, b) { return b.value - a.value || b.density - a.density; });
  svgRoot.setAttribute('aria-label', 'Treemap of ' + (node.path || 'all folders') + ': ' + folderSummary(node) +
    '. Each folder is a button; the table below lists the same figures.');
  squarify(items, 0, 0, width, height).forEach(function (cell) {
    var item = cell.item, colours = shade(item.density);
    var label = item.kind === 'folder' ? item.node.name + '/' : item.page.path.slice(item.page.folder ? item.page.folder.length + 1 : 0);
    var detail = item.kind === 'folder' ? folderSummary(item.node) : plural(item.page.findings.length, 'finding', 'findings') + ' (' + fmt.format(item.page.errors) + ' errors)';
    var g = sv('g', {'class': 'cell ' + item.kind, tabindex: '0', role: 'button',
      'aria-label': (item.kind === 'folder' ? 'Folder ' : 'Page ') + label + ': ' + detail + (item.kind === 'folder' ? '. Zoom in.' : '. Show in the table.')});
    g.appendChild(sv('title', {}, label + '\n' + detail));
    g.appendChild(sv('rect', {x: (cell.x + 1).toFixed(1), y: (cell.y + 1).toFixed(1), width: Math.max(0, cell.w - 2).toFixed(1),
      height: Math.max(0, cell.h - 2).toFixed(1), fill: colours.fill}));
    if (cell.w > 44 && cell.h > 18) {
      var chars = Math.floor((cell.w - 10) / 7);
      var text = label.length > chars ? label.slice(0, Math.max(1, chars - 1)) + '\u2026' : label;
      g.appendChild(sv('text', {x: (cell.x + 6).toFixed(1), y: (cell.y + 16).toFixed(1), fill: colours.text, 'class': 'cell-name'}, text));
      if (cell.h > 36 && cell.w > 90) {
        var sub = item.kind === 'folder' ? plural(item.node.pages, 'page', 'pages') + ' \u00b7 ' + fmt1.format(item.node.density) + '/page'
          : plural(item.page.findings.length, 'finding', 'findings');
        g.appendChild(sv('text', {x: (cell.x + 6).toFixed(1), y: (cell.y + 32).toFixed(1), fill: colours.text, 'class': 'cell-sub'}, sub));
      }
    }
    var activate = function () { if (item.kind === 'folder') zoom(item.node, true); else showPage(item.page); };
    g.addEventListener('click', activate);
    g.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); activate(); }
    });
    svgRoot.appendChild(g);
  });
  renderBreadcrumb();
  renderFolderTable();
}
function renderBreadcrumb() {
  var nav = document.getElementById('breadcrumb');
  clear(nav);
  var up = el('button', {type: 'button', 'class': 'up'}, '\u2191 Up one level');
  if (!state.folder.parent) up.disabled = true;
  up.addEventListener('click', function () { if (state.folder.parent) zoom(state.folder.parent, true); });
  nav.appendChild(up);
  var chain = [];
  for (var n = state.folder; n; n = n.parent) chain.unshift(n);
  var list = el('ol');
  chain.forEach(function (n, i) {
    var li = el('li');
    var name = n.parent ? n.name : (D.rootName || 'all pages');
    if (i === chain.length - 1) li.appendChild(el('span', {'aria-current': 'location'}, name));
    else {
      var b = el('button', {type: 'button'}, name);
      b.addEventListener('click', function () { zoom(n, true); });
      li.appendChild(b);
    }
    list.appendChild(li);
  });
  nav.appendChild(list);
  document.getElementById('folder-status').textContent = 'Showing ' + (state.folder.path || 'all folders') + ': ' + folderSummary(state.folder) + '.';
}
function renderFolderTable() {
  var body = document.getElementById('folder-rows');
  clear(body);
  var rows = state.folder.children.slice().sort(function (a, b) { return b.findings - a.findings || (a.name < b.name ? -1 : 1); });
  rows.forEach(function (n) {
    var tr = el('tr');
    var td = el('td');
    var b = el('button', {type: 'button', 'class': 'link'}, n.name + '/');
    b.addEventListener('click', function () { zoom(n, true); });
    td.appendChild(b);
    tr.appendChild(td);
    [n.pages, n.pagesWithFindings, n.findings, n.errors].forEach(function (v) { tr.appendChild(el('td', {'class': 'num'}, fmt.format(v))); });
    tr.appendChild(el('td', {'class': 'num'}, fmt1.format(n.density)));
    body.appendChild(tr);
  });
  var own = pagesByFolder[state.folder.path] || [];
  if (own.length) {
    var tr = el('tr');
    tr.appendChild(el('td', {}, '(pages directly in this folder)'));
    var findings = 0, errors = 0, withFindings = 0;
    own.forEach(function (p) { findings += p.findings.length; errors += p.errors; if (p.findings.length) withFindings++; });
    [own.length, withFindings, findings, errors].forEach(function (v) { tr.appendChild(el('td', {'class': 'num'}, fmt.format(v))); });
    tr.appendChild(el('td', {'class': 'num'}, fmt1.format(findings / own.length)));
    body.appendChild(tr);
  }
}
function zoom(node, focus) {
  state.folder = node;
  state.limit = 250;
  renderTreemap();
  renderTable();
  if (focus) {
    var first = svgRoot.querySelector('.cell');
    (first || document.querySelector('#breadcrumb button:not([disabled])') || svgRoot).focus();
  }
}
function showPage(page) {
  state.text = page.path;
  document.getElementById('filter-text').value = page.path;
  state.expanded[page.index] = true;
  renderTable();
  var button = document.querySelector('#page-rows tr[data-index="' + page.index + '"] .toggle');
  if (button) { button.focus(); button.scrollIntoView({block: 'center'}); }
}

// ------------------------------------------------------------------ rule bars
var bars = Array.prototype.slice.call(document.querySelectorAll('#rule-bars button.bar'));
bars.forEach(function (button) {
  button.addEventListener('click', function () {
    var index = Number(button.getAttribute('data-rule'));
    setRule(state.rule === index ? -1 : index);
  });
});
function setRule(index) {
  state.rule = index;
  state.limit = 250;
  document.getElementById('filter-rule').value = String(index);
  bars.forEach(function (b) { b.setAttribute('aria-pressed', String(Number(b.getAttribute('data-rule')) === index)); });
  renderTable();
}

// ------------------------------------------------------------------ pages table
var ruleSelect = document.getElementById('filter-rule');
ruleSelect.appendChild(el('option', {value: '-1'}, 'All rules'));
RULES.forEach(function (rule) { if (rule.findings) ruleSelect.appendChild(el('option', {value: String(rule.index)}, rule.id + ' (' + fmt.format(rule.findings) + ')')); });
ruleSelect.addEventListener('change', function () { setRule(Number(ruleSelect.value)); });
document.getElementById('filter-text').addEventListener('input', function (event) { state.text = event.target.value; state.limit = 250; renderTable(); });
document.getElementById('filter-findings').addEventListener('change', function (event) { state.onlyFindings = event.target.checked; state.limit = 250; renderTable(); });
document.getElementById('clear-filters').addEventListener('click', function () {
  state.text = ''; document.getElementById('filter-text').value = '';
  state.onlyFindings = false; document.getElementById('filter-findings').checked = false;
  setRule(-1);
  zoom(startFolder, false);
});
Array.prototype.forEach.call(document.querySelectorAll('#pages th button[data-sort]'), function (button) {
  button.addEventListener('click', function () {
    var key = button.getAttribute('data-sort');
    if (state.sort === key) state.dir = -state.dir;
    else { state.sort = key; state.dir = key === 'path' || key === 'worst' ? 1 : -1; }
    renderTable();
  });
});
function sortValue(page, key) {
  if (key === 'path') return page.path;
  if (key === 'findings') return page.findings.length;
  if (key === 'errors') return page.errors;
  if (key === 'warnings') return page.warnings;
  return page.worst < 0 ? '\uffff' : RULES[page.worst].id;
}
function filteredPages() {
  var prefix = state.folder.path ? state.folder.path + '/' : '';
  var text = state.text.toLowerCase();
  var list = PAGES.filter(function (page) {
    if (prefix && page.path.slice(0, prefix.length) !== prefix) return false;
    if (state.rule >= 0 && !page.rules[state.rule]) return false;
    if (state.onlyFindings && !page.findings.length) return false;
    if (text && page.path.toLowerCase().indexOf(text) < 0) return false;
    return true;
  });
  var key = state.sort, dir = state.dir;
  list.sort(function (a, b) {
    var x = sortValue(a, key), y = sortValue(b, key);
    if (x < y) return -dir;
    if (x > y) return dir;
    return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  });
  return list;
}
function renderTable() {
  var list = filteredPages();
  var body = document.getElementById('page-rows');
  clear(body);
  Array.prototype.forEach.call(document.querySelectorAll('#pages th[data-key]'), function (th) {
    var key = th.getAttribute('data-key');
    th.setAttribute('aria-sort', key === state.sort ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
  });
  list.slice(0, state.limit).forEach(function (page) { body.appendChild(pageRow(page)); if (state.expanded[page.index]) body.appendChild(detailRow(page)); });
  var filters = [];
  if (state.folder.path) filters.push('folder ' + state.folder.path);
  if (state.rule >= 0) filters.push('rule ' + RULES[state.rule].id);
  if (state.text) filters.push('path containing \u201c' + state.text + '\u201d');
  if (state.onlyFindings) filters.push('with findings');
  document.getElementById('table-status').textContent = 'Showing ' + fmt.format(Math.min(list.length, state.limit)) + ' of ' +
    plural(list.length, 'matching page', 'matching pages') + (filters.length ? ' (' + filters.join(', ') + ')' : '') + '; ' + plural(PAGES.length, 'page', 'pages') + ' in all.';
  var more = document.getElementById('show-more');
  more.hidden = list.length <= state.limit;
  more.textContent = 'Show all ' + fmt.format(list.length) + ' pages';
}
document.getElementById('show-more').addEventListener('click', function () { state.limit = Infinity; renderTable(); });
function pageRow(page) {
  var tr = el('tr', {'data-index': String(page.index), 'data-path': page.path});
  var cell = el('td', {'class': 'path'});
  if (page.findings.length) {
    var open = !!state.expanded[page.index];
    var toggle = el('button', {type: 'button', 'class': 'toggle', 'aria-expanded': String(open), 'aria-controls': 'detail-' + page.index});
    toggle.appendChild(el('span', {'class': 'chevron', 'aria-hidden': 'true'}, open ? '\u25be ' : '\u25b8 '));
    toggle.appendChild(el('span', {}, page.path));
    toggle.addEventListener('click', function () {
      state.expanded[page.index] = !state.expanded[page.index];
      renderTable();
      var again = document.querySelector('#page-rows tr[data-index="' + page.index + '"] .toggle');
      if (again) again.focus();
    });
    cell.appendChild(toggle);
  } else cell.appendChild(el('span', {'class': 'clean'}, page.path));
  tr.appendChild(cell);
  tr.appendChild(el('td', {'class': 'num'}, fmt.format(page.findings.length)));
  tr.appendChild(el('td', {'class': 'num'}, fmt.format(page.errors)));
  tr.appendChild(el('td', {'class': 'num'}, fmt.format(page.warnings)));
  tr.appendChild(el('td', {'class': 'rule'}, page.worst < 0 ? '' : RULES[page.worst].id));
  return tr;
}
function detailRow(page) {
  var tr = el('tr', {'class': 'detail', id: 'detail-' + page.index});
  var td = el('td', {colspan: '5'});
  var table = el('table', {'class': 'findings'});
  table.appendChild(el('caption', {'class': 'visually-hidden'}, 'Findings in ' + page.path));
  var head = el('tr');
  ['Line:column', 'Severity', 'Rule', 'Message'].forEach(function (h) { head.appendChild(el('th', {scope: 'col'}, h)); });
  var thead = el('thead');
  thead.appendChild(head);
  table.appendChild(thead);
  var tbody = el('tbody');
  page.findings.forEach(function (f) {
    var row = el('tr', {'class': f.error ? 'error' : 'warning'});
    var where = el('td', {'class': 'num'});
    var href = safeHref(findingLink(page, f.line));
    var position = f.line + ':' + f.column;
    if (href) where.appendChild(el('a', {href: href, title: 'Open ' + page.path + ' at line ' + f.line}, position));
    else where.textContent = position;
    row.appendChild(where);
    row.appendChild(el('td', {}, f.error ? 'error' : 'warning'));
    row.appendChild(el('td', {'class': 'rule'}, RULES[f.rule].id));
    row.appendChild(el('td', {'class': 'message'}, f.message));
    tbody.appendChild(row);
  });
  table.appendChild(tbody);
  td.appendChild(table);
  tr.appendChild(td);
  return tr;
}

var started = performance.now();
renderLegend();
renderTreemap();
renderTable();
document.documentElement.setAttribute('data-render-ms', String(Math.round(performance.now() - started)));
var resizeTimer;
window.addEventListener('resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(renderTreemap, 150); });
// For tests and for measuring: set once the page is drawn.
document.documentElement.setAttribute('data-ready', 'true');
})();
`
