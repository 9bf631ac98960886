// Shows open "banner" issues of the packages tracker as notices at the top of every page.
(function () {
  'use strict';
  document.documentElement.classList.remove('no-js');
  var bar = document.getElementById('noticebar');
  if (!bar || !window.fetch) { return; }
  fetch('https://api.github.com/repos/piwheels/packages/issues?labels=banner')
    .then(function (r) { return r.ok ? r.json() : []; })
    .then(function (issues) {
      var box = bar.querySelector('.contents');
      issues.filter(function (i) { return i.state === 'open'; }).forEach(function (issue) {
        var p = document.createElement('p');
        var a = document.createElement('a');
        a.href = issue.html_url;
        a.textContent = issue.title;
        p.append('Notice: ', a);
        box.appendChild(p);
      });
      if (box.children.length) { bar.classList.remove('hidden'); }
    })
    .catch(function () { /* notices are optional; say nothing */ });
})();
