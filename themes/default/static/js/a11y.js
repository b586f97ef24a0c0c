/* Text size and contrast (适老化): the links work without JavaScript (CSS reads
   :target); with JavaScript the choice is kept in localStorage and applied on every
   page before it is drawn, and size and contrast combine. */
(function () {
  var root = document.documentElement, key = 'gongshi-a11y';
  function read() {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function apply(s) {
    root.classList.remove('a11y-l', 'a11y-xl', 'a11y-hc');
    if (s.size === 'l' || s.size === 'xl') root.classList.add('a11y-' + s.size);
    if (s.contrast) root.classList.add('a11y-hc');
  }
  apply(read());
  document.addEventListener('DOMContentLoaded', function () {
    var b = document.querySelector('[data-print]');
    if (b) { b.hidden = false; b.addEventListener('click', function () { window.print(); }); }
  });
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('[data-a11y]');
    if (!a) return;
    ev.preventDefault();
    var s = read(), what = a.getAttribute('data-a11y');
    if (what === 'reset') s = {};
    else if (what === 'contrast:toggle') s.contrast = !s.contrast;
    else s.size = what.split(':')[1];
    try { localStorage.setItem(key, JSON.stringify(s)); } catch (e) { /* private mode */ }
    apply(s);
  });
})();
