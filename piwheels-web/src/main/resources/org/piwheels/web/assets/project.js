// Project page behaviour: download counters, collapsible file lists, per-file install
// commands, "show all releases", and a live search of the issue tracker.
(function () {
  'use strict';
  var heading = document.getElementById('package');
  if (!heading) { return; }
  var pkg = heading.dataset.package;
  var display = heading.textContent;

  function fmt(n) { return Number(n).toLocaleString('en'); }

  // Download counts: the small per-prefix shard first, the whole search index as a fallback.
  function loadCounts() {
    var all = document.getElementById('downloads-all');
    var recent = document.getElementById('downloads-30');
    function show(counts) {
      recent.textContent = counts ? fmt(counts[0]) : '0';
      all.textContent = counts ? fmt(counts[1]) : '0';
    }
    function fromIndex() {
      return fetch('/packages.json')
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (rows) {
          var row = rows.find(function (p) { return p[0] === pkg; });
          show(row ? [row[1], row[2]] : null);
        });
    }
    fetch('/stats/' + encodeURIComponent(pkg.slice(0, 2)) + '.json')
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (shard) { show(shard[pkg] || null); })
      .catch(fromIndex)
      .catch(function () { all.textContent = recent.textContent = 'failed to load'; });
  }

  function button(text, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }

  function installFor(li) {
    var apt = li.dataset.aptdependencies;
    var pip = li.dataset.pipdependencies;
    var cmd = (apt ? 'sudo apt install ' + apt + '\n' : '') + 'pip3 install ' + display + '==' + li.dataset.version;
    document.getElementById('install-command').textContent = cmd;
    var deps = document.getElementById('pipdeps');
    deps.replaceChildren();
    (pip ? pip.split(' ') : []).forEach(function (d) {
      var item = document.createElement('li');
      var a = document.createElement('a');
      a.href = '/project/' + encodeURIComponent(d) + '/';
      a.textContent = d;
      item.appendChild(a);
      deps.appendChild(item);
    });
    if (!deps.children.length) {
      var none = document.createElement('li');
      none.textContent = 'None';
      deps.appendChild(none);
    }
    document.getElementById('install').scrollIntoView({ behavior: 'smooth' });
  }

  function fileLists() {
    document.querySelectorAll('tr.files-info').forEach(function (row) {
      var ul = row.querySelector('ul.files');
      var info = row.previousElementSibling;
      if (!ul || !ul.children.length) { row.classList.add('hidden'); return; }
      ul.querySelectorAll('li').forEach(function (li) {
        li.appendChild(button('How to install this version', function () { installFor(li); }));
      });
      row.classList.add('hidden');
      var count = ul.children.length;
      var toggle = button(count + (count === 1 ? ' file' : ' files'), function () {
        var open = row.classList.toggle('hidden') === false;
        toggle.setAttribute('aria-expanded', String(open));
      });
      toggle.className = 'toggle';
      toggle.setAttribute('aria-expanded', 'false');
      info.lastElementChild.appendChild(toggle);
    });
  }

  function limitReleases() {
    var body = document.querySelector('#releases-table tbody');
    if (!body || body.rows.length <= 10) { return; }
    var rows = Array.prototype.slice.call(body.rows);
    var hidden = [];
    rows.slice(12).forEach(function (r) {
      if (!r.classList.contains('hidden')) { hidden.push(r); r.classList.add('hidden'); }
    });
    var more = document.createElement('tr');
    more.className = 'more';
    var cell = document.createElement('td');
    cell.colSpan = body.rows[0].cells.length;
    cell.appendChild(button('Show all ' + rows.length / 2 + ' releases', function () {
      hidden.forEach(function (r) { r.classList.remove('hidden'); });
      more.remove();
      var key = document.getElementById('key');
      var issues = document.getElementById('issues');
      if (key && issues) {
        var table = key.nextElementSibling;
        issues.parentNode.insertBefore(key, issues);
        issues.parentNode.insertBefore(table, issues);
      }
    }));
    more.appendChild(cell);
    body.appendChild(more);
  }

  function liveIssues() {
    var link = document.getElementById('issues-search');
    if (!link) { return; }
    var word = new RegExp('(^|[^a-z0-9_.-])' + pkg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '($|[^a-z0-9_.-])', 'i');
    fetch('https://api.github.com/repos/piwheels/packages/issues')
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (issues) {
        var found = issues.filter(function (i) { return word.test(i.title); });
        var item = link.parentNode;
        if (!found.length) {
          item.textContent = 'No open issues found. ';
          item.appendChild(link);
          return;
        }
        var ul = document.createElement('ul');
        found.forEach(function (i) {
          var li = document.createElement('li');
          var a = document.createElement('a');
          a.href = i.html_url;
          a.textContent = '#' + i.number + ' ' + i.title;
          li.appendChild(a);
          ul.appendChild(li);
        });
        item.replaceChildren('Open issues:', ul);
      })
      .catch(function () { /* keep the plain search link */ });
  }

  loadCounts();
  fileLists();
  limitReleases();
  liveIssues();
})();
