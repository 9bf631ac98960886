// Turns each FAQ question (h5) and its answer (the div after it) into a disclosure.
(function () {
  'use strict';
  var target = decodeURIComponent(location.hash.slice(1));
  document.querySelectorAll('.faq > h5').forEach(function (q) {
    var answer = q.nextElementSibling;
    if (!answer || answer.tagName !== 'DIV') { return; }
    var open = q.id === target || answer.id === target;
    q.tabIndex = 0;
    q.setAttribute('role', 'button');
    q.setAttribute('aria-expanded', String(open));
    q.className = open ? 'collapsible' : 'expandable';
    if (!open) { window.shade.collapseNow(answer); }
    var flip = function () {
      var nowOpen = window.shade.toggle(answer);
      q.setAttribute('aria-expanded', String(nowOpen));
      q.className = nowOpen ? 'collapsible' : 'expandable';
    };
    q.addEventListener('click', flip);
    q.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); flip(); }
    });
    if (open) { q.scrollIntoView(); }
  });
})();
