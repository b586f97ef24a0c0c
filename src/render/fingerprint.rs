//! Fingerprints of what a page is made from (issue 15): a rebuild keeps the previous
//! build's page when its fingerprint is the same, instead of rendering it again.
//!
//! A page's bytes depend on this program, the theme's templates, the values every page
//! sees (tera's global context), and the page's own path, template and context; the
//! fingerprint hashes all of them (XXH3, 128 bits). Tera keeps a map's entries in no
//! fixed order, so a map's entries are hashed one by one and their hashes added, and every value carries
//! its kind (a string marked safe is not escaped, so it hashes differently from the
//! same text unmarked).

use std::sync::OnceLock;
use tera::value::ValueKind;
use tera::{Context, Value};
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

/// What a page is made from, hashed.
pub type Fingerprint = u128;

/// The values of a page's template: tera's context and the names set in it (which
/// tera's context cannot list), so that the page's fingerprint can read them all.
#[derive(Default)]
pub struct Vars {
    context: Context,
    names: Vec<&'static str>,
}

impl Vars {
    pub fn new() -> Vars {
        Vars::default()
    }

    /// Sets a template variable (as [`Context::insert`]).
    pub fn insert<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.context.insert(name, value);
        // Kept sorted, so that the fingerprint reads them in one order without a copy.
        if let Err(at) = self.names.binary_search(&name) {
            self.names.insert(at, name);
        }
    }

    pub fn context(&self) -> &Context {
        &self.context
    }

    /// The fingerprint of a page rendered at `path` with `template` and these values,
    /// given the fingerprint of its site ([`site_fingerprint`]). The values are laid
    /// out in one buffer and hashed at once (thousands of small updates of a
    /// streaming hash cost more than the page's own values).
    pub fn fingerprint(&self, site: Fingerprint, path: &str, template: &str) -> Fingerprint {
        let mut h: Vec<u8> = Vec::with_capacity(8192);
        h.feed(&site.to_le_bytes());
        text(&mut h, path);
        text(&mut h, template);
        for &name in &self.names {
            text(&mut h, name);
            match self.context.get(name) {
                Some(v) => value(&mut h, v),
                None => h.feed(b"-"),
            }
        }
        xxh3_128(&h)
    }
}

/// The fingerprint of what every page shares: this program, the templates (name and
/// text) and the global context's values.
pub fn site_fingerprint(templates: &[(&str, &str)], globals: &[(&str, &Value)]) -> Fingerprint {
    let mut h = Xxh3::new();
    h.update(&program().to_le_bytes());
    let mut sorted: Vec<&(&str, &str)> = templates.iter().collect();
    sorted.sort_unstable();
    h.update(&(sorted.len() as u64).to_le_bytes());
    for (name, body) in sorted {
        text(&mut h, name);
        text(&mut h, body);
    }
    for (name, v) in globals {
        text(&mut h, name);
        value(&mut h, v);
    }
    h.digest128()
}

/// The fingerprint of a file at `path` made by this program from what `source` hashed
/// (the `.xlsx` export from the rows of its dataset).
pub fn derived_fingerprint(path: &str, source: Fingerprint) -> Fingerprint {
    let mut h = Xxh3::new();
    h.update(&program().to_le_bytes());
    text(&mut h, path);
    h.update(&source.to_le_bytes());
    h.digest128()
}

/// This program's own bytes, hashed once: a page rendered by another build of
/// gongshi (other code, other filters, another tera) is not kept. Where the
/// executable cannot be read, a value no other run shares, so that nothing is kept.
fn program() -> Fingerprint {
    static PROGRAM: OnceLock<Fingerprint> = OnceLock::new();
    *PROGRAM.get_or_init(|| {
        let mut h = Xxh3::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        if hash_file(&mut h, std::env::current_exe()).is_err() {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            h.update(&now.to_le_bytes());
            h.update(&std::process::id().to_le_bytes());
        }
        h.digest128()
    })
}

/// Hashes a file a piece at a time (the executable is tens of megabytes).
fn hash_file(h: &mut Xxh3, path: std::io::Result<std::path::PathBuf>) -> std::io::Result<()> {
    use std::io::Read;
    let mut file = std::fs::File::open(path?)?;
    let mut piece = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut piece)? {
            0 => return Ok(()),
            n => h.update(&piece[..n]),
        }
    }
}

/// Where the bytes of the values go: a streaming hash, or a buffer hashed at once.
trait Feed {
    fn feed(&mut self, bytes: &[u8]);
}

impl Feed for Xxh3 {
    fn feed(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

impl Feed for Vec<u8> {
    fn feed(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// A string with its length first, so that two strings never run into each other.
fn text(h: &mut impl Feed, s: &str) {
    h.feed(&(s.len() as u64).to_le_bytes());
    h.feed(s.as_bytes());
}

fn value(h: &mut impl Feed, v: &Value) {
    let kind = v.kind();
    h.feed(&[kind_tag(kind)]);
    match kind {
        ValueKind::Undefined | ValueKind::None => {}
        ValueKind::Bool => h.feed(&[u8::from(v.as_bool() == Some(true))]),
        ValueKind::String => {
            h.feed(&[u8::from(v.is_safe())]);
            text(h, v.as_str().unwrap_or_default());
        }
        ValueKind::Array => {
            let items = v.as_array().unwrap_or_default();
            h.feed(&(items.len() as u64).to_le_bytes());
            for item in items {
                value(h, item);
            }
        }
        ValueKind::Map => {
            // In no fixed order: each entry is hashed on its own and the hashes are
            // added, which no order changes (cheaper than sorting the keys).
            let map = v.as_map();
            h.feed(&(map.map_or(0, |m| m.len()) as u64).to_le_bytes());
            let mut sum: u128 = 0;
            let mut entry = Vec::new();
            for (key, item) in map.into_iter().flatten() {
                entry.clear();
                match key.as_str() {
                    Some(name) => {
                        entry.feed(b"s");
                        text(&mut entry, name);
                    }
                    None => {
                        entry.feed(b"n");
                        text(&mut entry, &key.to_string());
                    }
                }
                value(&mut entry, item);
                sum = sum.wrapping_add(xxh3_128(&entry));
            }
            h.feed(&sum.to_le_bytes());
        }
        ValueKind::Bytes => {
            let bytes = v.as_bytes().unwrap_or_default();
            h.feed(&(bytes.len() as u64).to_le_bytes());
            h.feed(bytes);
        }
        // Numbers, and any kind a later tera adds: as the template would print them.
        _ => text(h, &v.to_string()),
    }
}

fn kind_tag(kind: ValueKind) -> u8 {
    match kind {
        ValueKind::Undefined => 0,
        ValueKind::None => 1,
        ValueKind::Bool => 2,
        ValueKind::U64 => 3,
        ValueKind::I64 => 4,
        ValueKind::U128 => 5,
        ValueKind::I128 => 6,
        ValueKind::F64 => 7,
        ValueKind::String => 8,
        ValueKind::Array => 9,
        ValueKind::Map => 10,
        ValueKind::Bytes => 11,
        _ => 12,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn vars(pairs: &[(&'static str, Value)]) -> Vars {
        let mut v = Vars::new();
        for (name, value) in pairs {
            v.insert(name, value);
        }
        v
    }

    #[test]
    fn equal_inputs_give_equal_fingerprints_whatever_the_order() {
        let mut a = HashMap::new();
        let mut b = HashMap::new();
        for i in 0..50 {
            a.insert(format!("k{i}"), i);
            b.insert(format!("k{}", 49 - i), 49 - i);
        }
        let x = vars(&[("m", Value::from_serializable(&a)), ("t", "x".into())]);
        let y = vars(&[("t", "x".into()), ("m", Value::from_serializable(&b))]);
        assert_eq!(
            x.fingerprint(1, "p/", "t.html"),
            y.fingerprint(1, "p/", "t.html")
        );
    }

    #[test]
    fn any_difference_changes_the_fingerprint() {
        let base = vars(&[("t", "ab".into()), ("n", 1.into())]);
        let fp = base.fingerprint(1, "p/", "t.html");
        let others = [
            vars(&[("t", "ab".into()), ("n", 2.into())]),
            vars(&[("t", "ab".into()), ("n", 1.5.into())]),
            vars(&[("t", "ab".into()), ("n", "1".into())]),
            vars(&[("t", Value::safe_string("ab")), ("n", 1.into())]),
            vars(&[("t", "ab".into())]),
            vars(&[("t", "ab".into()), ("n", 1.into()), ("u", Value::none())]),
            vars(&[
                ("t", Value::from_serializable(&["a", "b"])),
                ("n", 1.into()),
            ]),
        ];
        for other in &others {
            assert_ne!(other.fingerprint(1, "p/", "t.html"), fp);
        }
        // Entries are hashed whole: values swapped between keys are another map.
        let map = |a: i32, b: i32| {
            let m: std::collections::BTreeMap<&str, i32> = [("a", a), ("b", b)].into();
            vars(&[("m", Value::from_serializable(&m))]).fingerprint(1, "p/", "t.html")
        };
        assert_ne!(map(1, 2), map(2, 1));
        assert_eq!(map(1, 2), map(1, 2));
        assert_ne!(base.fingerprint(2, "p/", "t.html"), fp, "another site");
        assert_ne!(base.fingerprint(1, "q/", "t.html"), fp, "another path");
        assert_ne!(base.fingerprint(1, "p/", "u.html"), fp, "another template");
    }

    #[test]
    fn the_site_fingerprint_reads_every_template_and_global() {
        let t = |body| [("a.html", body)];
        let title = Value::from("x");
        let other = Value::from("y");
        let fp = site_fingerprint(&t("{{ a }}"), &[("site", &title)]);
        assert_eq!(fp, site_fingerprint(&t("{{ a }}"), &[("site", &title)]));
        assert_ne!(fp, site_fingerprint(&t("{{ a }} "), &[("site", &title)]));
        assert_ne!(fp, site_fingerprint(&t("{{ a }}"), &[("site", &other)]));
    }
}
