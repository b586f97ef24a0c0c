/* gongshi search: queries the static index under /search/ (docs/search-index.md).
   Plain JavaScript, no dependencies. */

/* The tokenizer, the same rules as src/search/tokenize.rs; both are tested against
   tests/tokenizer-vectors.json. */
var gongshiTokenizer = (function () {
  'use strict';
  // Made when first needed: a browser without TextEncoder is told so below, not
  // stopped here without a word.
  var encoder = null;
  function normChar(c) {
    var n = c.codePointAt(0);
    if (n >= 0xff01 && n <= 0xff5e) c = String.fromCodePoint(n - 0xfee0);
    else if (n === 0x3000) c = ' ';
    return c.length === 1 && c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
  }
  function charClass(c) {
    var n = c.codePointAt(0);
    if ((n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) || (n >= 0xf900 && n <= 0xfaff) || n === 0x3007 || (n >= 0x20000 && n <= 0x3ffff)) return 'h';
    if (c >= 'a' && c <= 'z') return 'l';
    if (c >= '0' && c <= '9') return 'd';
    return 'o';
  }
  function runs(text) {
    var out = [];
    Array.from(text).forEach(function (raw) {
      var c = normChar(raw), k = charClass(c), last = out[out.length - 1];
      if (last && last.k === k && k !== 'o') last.c.push(c); else out.push({ k: k, c: [c] });
    });
    return out.filter(function (r) { return r.k !== 'o'; });
  }
  function queryTerms(text) {
    var out = [];
    runs(text).forEach(function (r) {
      if (r.k === 'h') {
        if (r.c.length === 1) out.push(r.c[0]);
        for (var i = 0; i + 1 < r.c.length; i++) out.push(r.c[i] + r.c[i + 1]);
      } else out.push(r.c.join(''));
    });
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }
  // Unicode White_Space, as Rust's char::is_whitespace.
  var SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  function asciiUpper(c) { return c >= 'a' && c <= 'z' ? c.toUpperCase() : c; }
  function normalizeCode(text) {
    return Array.from(text).map(normChar).filter(function (c) {
      return !SPACE.test(c) && '()[]{}〔〕【】（）［］'.indexOf(c) < 0;
    }).map(asciiUpper).join('');
  }
  function termHash(term) {
    encoder = encoder || new TextEncoder();
    var h = 0x811c9dc5, bytes = encoder.encode(term);
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  return { queryTerms: queryTerms, normalizeCode: normalizeCode, termHash: termHash };
})();

(function () {
  'use strict';
  var script = document.currentScript;
  var form = document.getElementById('search-form');
  if (!form) return;
  // An old browser (old office PCs) that cannot run the search is told so, with the
  // lists to browse instead, rather than left at an empty status.
  var supported = script && window.fetch && window.Promise && window.Map && window.Set &&
    window.URL && window.TextEncoder && window.TextDecoder && Array.from && String.prototype.codePointAt;
  if (!supported) {
    var old = document.getElementById('search-old');
    if (old) old.hidden = false;
    return;
  }

  var manifestUrl = new URL(script.getAttribute('data-index'), location.href).href;
  var siteRoot = new URL('../', manifestUrl).href;
  var input = document.getElementById('q');
  var statusEl = document.getElementById('search-status');
  var list = document.getElementById('results');
  var moreBtn = document.getElementById('more');
  var filters = { kind: 'f-kind', grade: 'f-grade', sector: 'f-sector', year: 'f-year' };
  var PAGE = 20;
  var queryTerms = gongshiTokenizer.queryTerms;
  var normalizeCode = gongshiTokenizer.normalizeCode;
  var termHash = gongshiTokenizer.termHash;
  var cache = new Map();
  var stats = { bytes: 0, fetches: 0 };
  window.gongshiSearchStats = stats;

  // ---- index access ----
  function getJson(path) {
    var url = new URL(path, siteRoot).href;
    if (!cache.has(url)) {
      cache.set(url, fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + url);
        return r.arrayBuffer();
      }).then(function (buf) {
        stats.bytes += buf.byteLength; stats.fetches += 1;
        return JSON.parse(new TextDecoder().decode(buf));
      }));
    }
    return cache.get(url);
  }
  var manifestP = null;
  function manifest() {
    if (!manifestP) manifestP = getJson(manifestUrl);
    return manifestP;
  }
  // Posting lists are text: base-32 digits, "G"…":" going on and "a"…"F" ending a
  // number; the first number is an id, each next one the gap to the previous id minus one.
  var DIGIT = new Int8Array(128).fill(-1);
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.~!*()$+,:'.split('').forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  function decodeIds(text) {
    var out = [], n = 0;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text.charCodeAt(i)];
      if (d >= 32) { n = n * 32 + d - 32; continue; }
      n = n * 32 + d;
      out.push(out.length ? out[out.length - 1] + n + 1 : n);
      n = 0;
    }
    return out;
  }
  function grouped(dir, groups, i, size) {
    return 'search/' + dir + '/' + groups[Math.floor(i / size)] + '/' + i + '.json';
  }
  // A term's postings from its shard; a longer list is in a file of its own ("l"), and
  // a very common term's list is cut there to the best-ranked ids ("x").
  function postings(m, term) {
    var i = termHash(term) % m.terms;
    return getJson(grouped('terms', m.term_groups, i, m.file_group)).then(function (s) {
      // Own keys only: a query for "constructor" must not find Object's.
      if (own(s.p, term)) return { ids: decodeIds(s.p[term]) };
      if (own(s.l, term)) return { list: s.l[term][1] };
      if (own(s.x, term)) return { list: s.x[term][1], cut: true };
      return { ids: [] };
    });
  }
  function withList(m, p) {
    if (p.ids) return Promise.resolve(p);
    return getJson(grouped('lists', m.list_groups, p.list, m.file_group)).then(function (text) {
      return { ids: decodeIds(text), cut: p.cut, truncated: p.cut };
    });
  }
  function own(o, key) { return Object.prototype.hasOwnProperty.call(o, key); }
  function frontDecode(text) { // "shared:rest|shared:rest|…", shared counted in characters
    var prev = [];
    return text.split('|').map(function (e) {
      var colon = e.indexOf(':');
      prev = prev.slice(0, parseInt(e.slice(0, colon), 10)).concat(Array.from(e.slice(colon + 1)));
      return prev.join('');
    });
  }
  // a <= b in the order the index was sorted in (by code point, as Rust sorts strings;
  // JavaScript's own <= compares UTF-16 units, which differs beyond U+FFFF).
  function atOrBefore(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y;
      i += x > 0xffff ? 2 : 1; j += y > 0xffff ? 2 : 1;
    }
    return i >= a.length;
  }
  function lastAtOrBefore(list, code) { // the last i with list[i] <= code, or -1
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (atOrBefore(list[mid], code)) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }
  var sepCache = null;
  function codeLookup(m, code) {
    if (!sepCache) sepCache = frontDecode(m.code_seps);
    var g = Math.max(0, lastAtOrBefore(sepCache, code)), size = m.file_group;
    if (g * size >= m.codes) return Promise.resolve({ exact: [], prefix: [] });
    var firstP = getJson('search/codes/' + m.code_groups[g] + '/first.json');
    function bucket(n) { return getJson(grouped('codes', m.code_groups, n, size)); }
    // Several records may share a code, and their entries may start in earlier buckets.
    function withEarlier(n, found) {
      if (n === 0 || found[0][0][0] !== code) return found;
      return bucket(n - 1).then(function (b) { return withEarlier(n - 1, [b].concat(found)); });
    }
    return firstP.then(function (text) {
      var firsts = frontDecode(text), j = Math.max(0, lastAtOrBefore(firsts, code)), b = g * size + j;
      var wanted = [b];
      // A prefix may go on in the next bucket: in this group, or the next group's first.
      var next = j + 1 < firsts.length ? firsts[j + 1] : sepCache[g + 1];
      if (b + 1 < m.codes && next !== undefined && next.indexOf(code) === 0) wanted.push(b + 1);
      return Promise.all(wanted.map(bucket)).then(function (found) { return withEarlier(b, found); });
    }).then(function (buckets) {
      var exact = [], prefix = [];
      buckets.forEach(function (bucket) {
        bucket.forEach(function (e) {
          if (e[0] === code) exact.push(e[1]); else if (e[0].indexOf(code) === 0) prefix.push(e[1]);
        });
      });
      return { exact: exact, prefix: prefix };
    });
  }
  function docs(m, ids) {
    var shards = {};
    ids.forEach(function (id) { shards[Math.floor(id / m.doc_shard)] = true; });
    var names = Object.keys(shards);
    return Promise.all(names.map(function (s) {
      return getJson(grouped('docs', m.doc_groups, Number(s), m.doc_group));
    })).then(function (loaded) {
      var byShard = {};
      names.forEach(function (s, i) { byShard[s] = loaded[i]; });
      return ids.map(function (id) { return byShard[Math.floor(id / m.doc_shard)][id % m.doc_shard]; });
    });
  }

  // ---- searching ----
  function filterValues() {
    var v = {};
    Object.keys(filters).forEach(function (k) { v[k] = document.getElementById(filters[k]).value; });
    return v;
  }
  function looksLikeCode(code) { return /^[0-9A-Z]{6,18}$/.test(code) && /[0-9]/.test(code); }
  // A whole 统一社会信用代码 (GB 32100 characters): found by its code or not at all,
  // never by pieces of it in other pages' text.
  function isWholeUscc(code) { return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code) && /[0-9]{6}/.test(code); }
  // 18 letters and digits typed as a credit code: a whole-code query too, with the
  // letters GB 32100 never uses that are slips for digits read as them (O for 0, I
  // for 1); one with S, V or Z is no code, and finds nothing rather than pieces.
  function asWholeCode(code) {
    if (!/^[0-9A-Z]{18}$/.test(code)) return null;
    var read = code.replace(/O/g, '0').replace(/I/g, '1');
    if (!/[0-9]{6}/.test(read)) return null;
    return isWholeUscc(read) ? read : code;
  }

  function search(q, f) {
    return manifest().then(function (m) {
      var code = normalizeCode(q), terms = queryTerms(q);
      // 91370117-AY4CL12THJ: a code written with a hyphen, a dash, `_` or `.`.
      var bare = code.replace(/[-_.\u2013\u2014\u00b7\u30fb]/g, '');
      var whole = asWholeCode(bare);
      // A code that holds O or I as typed (a licence number may) is looked up as
      // typed first; only when nothing has it is it read as a credit code's slip.
      var asTyped = whole && whole !== bare ? codeLookup(m, bare) : Promise.resolve(null);
      return asTyped.then(function (typed) {
        if (whole) code = typed && typed.exact.length ? bare : whole;
        return code === bare && typed ? typed
          : code.length >= 4 && /[0-9]/.test(code) ? codeLookup(m, code) : { exact: [], prefix: [] };
      }).then(function (codes) {
        var skipTerms = !!asWholeCode(code) || (looksLikeCode(code) && (codes.exact.length || codes.prefix.length));
        var facetTerms = [];
        if (f.grade) facetTerms.push('#g:' + f.grade);
        if (f.sector) facetTerms.push('#s:' + f.sector);
        if (f.year) facetTerms.push('#y:' + f.year);
        // Very common terms (有限, 公司…) have cut lists in files of their own: they
        // are fetched only when the query has no rarer term.
        var termP = Promise.all((skipTerms ? [] : terms).map(function (t) { return postings(m, t); }))
          .then(function (lists) {
            var rare = lists.filter(function (p) { return !p.cut; });
            return Promise.all((rare.length ? rare : lists).map(function (p) { return withList(m, p); }));
          });
        var facetP = Promise.all(facetTerms.map(function (t) { return postings(m, t).then(function (p) { return withList(m, p); }); }));
        return Promise.all([termP, facetP]).then(function (r) {
          var result = rank(m, q, code, codes, r[0], r[1], f);
          result.byCode = !!skipTerms;
          return result;
        });
      });
    });
  }

  function rank(m, q, code, codes, termLists, facetLists, f) {
    var score = new Map(), truncated = false;
    function add(id, s) { score.set(id, (score.get(id) || 0) + s); }
    codes.exact.forEach(function (id) { add(id, 100000); });
    codes.prefix.forEach(function (id) { add(id, 50000); });
    termLists.forEach(function (p) { truncated = truncated || p.truncated; p.ids.forEach(function (id) { add(id, 10); }); });
    var kind = f.kind ? m.kinds.filter(function (k) { return k.key === f.kind; })[0] : null;
    var facetSets = facetLists.map(function (p) { return new Set(p.ids); });
    var ids = [];
    score.forEach(function (s, id) {
      if (kind && (id < kind.from || id >= kind.to)) return;
      for (var i = 0; i < facetSets.length; i++) if (!facetSets[i].has(id)) return;
      ids.push(id);
    });
    ids.sort(function (a, b) { return (score.get(b) - score.get(a)) || (a - b); });
    return { ids: ids, score: score, truncated: truncated, terms: queryTerms(q), norm: q.trim().toLowerCase(), code: code };
  }

  /* Final order of the shown results: exact code > exact name > name prefix > overlap. */
  function refine(result, shown) {
    return shown.map(function (d, i) {
      var s = result.score.get(result.ids[i]) || 0, t = d.t.toLowerCase();
      if (t === result.norm) s += 3000; else if (t.indexOf(result.norm) === 0) s += 2000; else if (result.norm && t.indexOf(result.norm) >= 0) s += 1000;
      return { doc: d, id: result.ids[i], s: s };
    }).sort(function (a, b) { return (b.s - a.s) || (a.id - b.id); });
  }

  // ---- rendering (text only: data never becomes markup) ----
  function highlight(el, text, terms) {
    var lower = text.toLowerCase(), marks = new Array(text.length).fill(false);
    terms.forEach(function (t) {
      var from = 0, at;
      while (t && (at = lower.indexOf(t, from)) >= 0) { for (var k = at; k < at + t.length; k++) marks[k] = true; from = at + 1; }
    });
    var i = 0;
    while (i < text.length) {
      var j = i;
      while (j < text.length && marks[j] === marks[i]) j++;
      var part = text.slice(i, j);
      if (marks[i]) { var mk = document.createElement('mark'); mk.textContent = part; el.appendChild(mk); }
      else el.appendChild(document.createTextNode(part));
      i = j;
    }
  }
  function span(cls, text) { var s = document.createElement('span'); s.className = cls; s.textContent = text; return s; }
  // A result links only into the site: its path below the site root (an enterprise's
  // is implied by its code), made relative (so that `javascript:…` stays a path), and
  // it must resolve below the site root. Anything else is shown without a link.
  function docUrl(d) {
    var u = typeof d.u === 'string' ? d.u : (d.k === 0 && /^[0-9A-Z]+$/.test(d.c || '') ? 'entities/' + d.c + '/' : null);
    if (u === null) return null;
    var href = new URL('./' + u, siteRoot).href;
    return href.indexOf(siteRoot) === 0 ? href : null;
  }

  function renderItems(m, items, result) {
    items.forEach(function (it) {
      var d = it.doc, li = document.createElement('li');
      li.appendChild(span('badge kind', m.kinds[d.k].label));
      var href = docUrl(d), a = document.createElement(href ? 'a' : 'span');
      if (href) a.href = href;
      highlight(a, d.t, result.terms);
      li.appendChild(a);
      if (d.b) { li.appendChild(document.createTextNode(' ')); li.appendChild(span(d.k === 0 ? 'grade' : 'tag', d.b)); }
      if (d.c) { var c = span('code meta', ''); c.textContent = ' ' + d.c; li.appendChild(c); }
      if (d.s) { var p = document.createElement('div'); p.className = 'meta'; p.textContent = d.s; li.appendChild(p); }
      list.appendChild(li);
    });
  }

  var current = null, generation = 0;
  // A code query's order is final before its documents come (exact code, then code
  // prefix, then id), so its results are shown in that order as their shards arrive:
  // a prefix can spread 20 results over 20 shards, more than a browser fetches at once.
  function showInOrder(m, result, ids, gen) {
    var got = new Array(ids.length), next = 0;
    return Promise.all(ids.map(function (id, i) {
      return docs(m, [id]).then(function (d) {
        // A shard without the document (the site was published again meanwhile).
        if (!d[0]) throw new Error('no document ' + id);
        got[i] = d[0];
        if (gen !== generation) return;
        var items = [];
        while (next < ids.length && got[next]) { items.push({ doc: got[next], id: ids[next] }); next++; }
        renderItems(m, items, result);
      });
    }));
  }

  function showPage(m, result, page, gen) {
    var ids = result.ids.slice(page * PAGE, (page + 1) * PAGE);
    var shown = result.byCode ? showInOrder(m, result, ids, gen) : docs(m, ids).then(function (found) {
      if (gen !== generation) return;
      renderItems(m, refine({ ids: ids, score: result.score, norm: result.norm }, found), result);
    });
    return shown.then(function () {
      if (gen === generation) moreBtn.hidden = result.ids.length <= (page + 1) * PAGE;
    });
  }

  function run() {
    var q = input.value.trim(), f = filterValues(), gen = ++generation;
    syncUrl(q, f);
    list.textContent = '';
    moreBtn.hidden = true;
    if (!q) { statusEl.textContent = ''; return Promise.resolve(); }
    var started = performance.now();
    statusEl.textContent = '正在查询…';
    return search(q, f).then(function (result) {
      if (gen !== generation) return;
      current = { result: result, page: 0 };
      return manifest().then(function (m) {
        return showPage(m, result, 0, gen).then(function () {
          if (gen !== generation) return;
          var n = result.ids.length;
          statusEl.textContent = n ? ('找到 ' + n + ' 条结果' + (result.truncated ? '（结果较多，请输入更具体的名称）' : ''))
            : asWholeCode(result.code) ? ('未找到代码为 ' + result.code + ' 的公示信息，请核对代码。')
            : '未找到相关信息，请检查输入或换个关键词。';
          stats.lastMs = performance.now() - started;
          stats.lastCount = n;
        });
      });
    }).catch(function (e) {
      if (gen !== generation) return;
      statusEl.textContent = '查询索引加载失败，请稍后重试。';
      if (window.console) console.warn(e);
    });
  }

  // The history holds one entry per search the reader kept: the page as opened, a
  // search sent with Enter, one gone back to. Typing a new search starts a new entry
  // (so that Back returns to the kept one) and then changes only that entry.
  var kept = true;
  function syncUrl(q, f) {
    var params = new URLSearchParams();
    if (q) params.set('q', q);
    Object.keys(f).forEach(function (k) { if (f[k]) params.set(k, f[k]); });
    var qs = params.toString(), url = location.pathname + (qs ? '?' + qs : '');
    if (url === location.pathname + location.search) return;
    if (kept) history.pushState(null, '', url); else history.replaceState(null, '', url);
    kept = false;
  }
  function fromUrl() {
    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    Object.keys(filters).forEach(function (k) { document.getElementById(filters[k]).value = params.get(k) || ''; });
  }

  function fillFilters(m) {
    function fill(id, options) {
      var sel = document.getElementById(id);
      options.forEach(function (o) { var op = document.createElement('option'); op.value = o[0]; op.textContent = o[1]; sel.appendChild(op); });
    }
    fill('f-kind', m.kinds.filter(function (k) { return k.to > k.from; }).map(function (k) { return [k.key, k.label + '（' + (k.to - k.from) + '）']; }));
    fill('f-grade', m.facets.grade.map(function (g) { return [g[0], g[0] + '（' + g[1] + '）']; }));
    fill('f-sector', m.facets.sector.map(function (g) { return [g[0], g[0] + '（' + g[1] + '）']; }));
    fill('f-year', m.facets.year.map(function (g) { return [g[0], g[0] + '（' + g[1] + '）']; }));
    var box = form.querySelector('.filter-box');
    box.hidden = false;
    // Folded away on a phone, so that the first results show without scrolling.
    if (window.matchMedia('(min-width: 40rem)').matches) box.open = true;
  }

  var timer = null;
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 20); });
  Object.keys(filters).forEach(function (k) { document.getElementById(filters[k]).addEventListener('change', run); });
  form.addEventListener('submit', function (e) {
    e.preventDefault(); clearTimeout(timer);
    run();
    kept = true;
  });
  window.addEventListener('popstate', function () { fromUrl(); kept = true; run(); });
  moreBtn.addEventListener('click', function () {
    if (!current) return;
    // Hidden until the page is shown, so that two clicks do not fetch two pages.
    moreBtn.hidden = true;
    current.page += 1;
    manifest().then(function (m) { return showPage(m, current.result, current.page, generation); });
  });
  // Keyboard: ↓ from the box into the results, ↑/↓ between them, Esc back to the box.
  form.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' && e.target === input) { var first = list.querySelector('a'); if (first) { e.preventDefault(); first.focus(); } }
  });
  list.addEventListener('keydown', function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a')), i = links.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === 'ArrowDown' && i + 1 < links.length) { e.preventDefault(); links[i + 1].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    else if (e.key === 'Escape') { e.preventDefault(); input.focus(); }
  });

  manifest().then(function (m) {
    fillFilters(m); fromUrl();
    if (Object.keys(filters).some(function (k) { return document.getElementById(filters[k]).value; })) form.querySelector('.filter-box').open = true;
    if (input.value) run();
  })
    .catch(function () { statusEl.textContent = '查询索引加载失败，请稍后重试。'; });
})();
