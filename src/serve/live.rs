//! Live reload: a small script injected into pages served by `serve` (never into
//! `build` output). It long-polls the server, reloads after a good rebuild, and shows
//! the problems of a failed one over the page.

/// Served at `<base>__gongshi/live.js`.
pub const LIVE_JS: &str = r#"(function () {
  'use strict';
  var me = document.currentScript, api = me.getAttribute('data-api'), seen = null, box = null;
  function hide() { if (box) { box.remove(); box = null; } }
  // failed: the errors of a failed rebuild; else the warnings of a good one.
  function show(lines, failed) {
    hide();
    box = document.createElement('div');
    box.id = failed ? 'gongshi-errors' : 'gongshi-warnings';
    box.setAttribute('role', failed ? 'alertdialog' : 'status');
    box.setAttribute('aria-label', failed ? '生成失败' : '生成提示');
    box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;padding:12px 16px;font:14px/1.5 monospace;box-shadow:0 -2px 12px rgba(0,0,0,.25);' +
      (failed ? 'background:#fff5f5;color:#5c0a0a;border-top:4px solid #b91c1c' : 'background:#fffbeb;color:#5c3d00;border-top:4px solid #b45309');
    var h = document.createElement('strong');
    h.textContent = failed ? '网站生成失败，正在显示上一次成功生成的内容。请修改以下问题后保存：'
      : '网站已生成，但有以下提示（不影响发布，请核对）：';
    box.appendChild(h);
    var pre = document.createElement('pre');
    pre.style.cssText = 'white-space:pre-wrap;margin:8px 0 0';
    pre.textContent = lines.join('\n');
    box.appendChild(pre);
    var close = document.createElement('button');
    close.type = 'button'; close.textContent = '关闭';
    close.style.cssText = 'position:absolute;top:8px;right:12px';
    close.addEventListener('click', hide);
    box.appendChild(close);
    document.body.appendChild(box);
  }
  function poll() {
    fetch(api + 'poll' + (seen === null ? '' : '?v=' + seen), { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.busy) { setTimeout(poll, 2000); return; }
        if (seen !== null && s.version !== seen && s.errors.length === 0) { location.reload(); return; }
        seen = s.version;
        if (s.errors.length) show(s.errors, true);
        else if (s.warnings && s.warnings.length) show(s.warnings, false);
        else hide();
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

/// Inserts the live-reload script before `</body>` (or at the end).
pub fn inject(html: &[u8], base_path: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{base_path}__gongshi/live.js\" data-api=\"{base_path}__gongshi/\"></script>"
    );
    let pos = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..pos]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_closing_body() {
        let out =
            String::from_utf8(inject(b"<html><body><p>x</p></body></html>", "/xyjt/")).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/xyjt/__gongshi/live.js\" data-api=\"/xyjt/__gongshi/\"></script></body></html>"
        );
        assert!(String::from_utf8(inject(b"<p>no body", "/"))
            .unwrap()
            .ends_with("</script>"));
    }
}
