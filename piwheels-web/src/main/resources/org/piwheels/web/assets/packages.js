// Client-side package search over packages.json ([name, downloads_30d, downloads_all, ...]).
(function () {
  'use strict';
  var LIMIT = 100;
  var input = document.getElementById('package-name');
  var status = document.getElementById('status');
  var list = document.getElementById('packages');
  var packages = [];

  function say(text) { status.textContent = text; }

  function show(query) {
    list.replaceChildren();
    if (query.length < 2) { say('Type at least 2 characters.'); return; }
    var re;
    try { re = new RegExp(query, 'i'); } catch (e) { say('That is not a valid regular expression.'); return; }
    var hits = packages.filter(function (p) { return re.test(p[0]); });
    hits.sort(function (a, b) { return (b[1] - a[1]) || a[0].localeCompare(b[0]); });
    var frag = document.createDocumentFragment();
    hits.slice(0, LIMIT).forEach(function (p) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = 'project/' + encodeURIComponent(p[0]) + '/';
      a.textContent = p[0];
      li.appendChild(a);
      frag.appendChild(li);
    });
    if (hits.length > LIMIT) {
      var more = document.createElement('li');
      more.textContent = '\u2026';
      frag.appendChild(more);
    }
    list.appendChild(frag);
    say(hits.length > LIMIT ? 'More than ' + LIMIT + ' matches; showing the most downloaded.'
      : hits.length + (hits.length === 1 ? ' match.' : ' matches.'));
  }

  var pending = 0;
  input.addEventListener('input', function () {
    clearTimeout(pending);
    pending = setTimeout(function () { show(input.value.trim()); }, 80);
  });

  var req = new XMLHttpRequest();
  req.open('GET', 'packages.json');
  req.responseType = 'json';
  req.onload = function () {
    if (req.status >= 200 && req.status < 400 && Array.isArray(req.response)) {
      packages = req.response;
      input.disabled = false;
      say('Loaded package list (' + packages.length.toLocaleString('en') + ' items).');
      if (input.value) { show(input.value.trim()); }
      input.focus();
    } else {
      say('Sorry, the package list could not be loaded.');
    }
  };
  req.onerror = function () { say('Sorry, the package list could not be loaded.'); };
  req.send();
})();
