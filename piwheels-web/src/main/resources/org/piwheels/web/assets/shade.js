// Collapse/expand helpers shared by the FAQ and project pages: animate an element's height.
window.shade = (function () {
  'use strict';
  function collapse(el) {
    el.style.height = el.scrollHeight + 'px';
    requestAnimationFrame(function () { el.style.height = '0px'; });
    el.setAttribute('aria-hidden', 'true');
    el.dataset.collapsed = 'true';
  }
  function expand(el) {
    el.style.height = el.scrollHeight + 'px';
    el.removeAttribute('aria-hidden');
    el.dataset.collapsed = 'false';
    var done = function () { el.style.height = ''; el.removeEventListener('transitionend', done); };
    el.addEventListener('transitionend', done);
    setTimeout(done, 400);
  }
  function collapseNow(el) {
    el.style.height = '0px';
    el.setAttribute('aria-hidden', 'true');
    el.dataset.collapsed = 'true';
  }
  function toggle(el) {
    if (el.dataset.collapsed === 'true') { expand(el); } else { collapse(el); }
    return el.dataset.collapsed !== 'true';
  }
  return { collapse: collapse, expand: expand, collapseNow: collapseNow, toggle: toggle };
})();
