//! Finding the header row of a sheet and what each column is. Names are compared
//! without spaces, in half-width, without the marks templates add (`*`, （必填）), and
//! `A（B）` also answers to `A` and to `B`, so that 行政相对人代码_1（统一社会信用代码）
//! is 统一社会信用代码 and 罚款金额（万元） is 罚款金额.

use super::spec::{Field, Group, ImportSpec};
use super::table::{Cell, Table};
use super::values::half_width;
use crate::kinds::{KindId, REGISTRY};

/// Rows searched for the header row.
const HEADER_SEARCH: usize = 20;

/// Columns gongshi's exports and the national templates have that hold nothing to
/// import: links, the data source (the authority itself), derived labels, the codes
/// superseded by the USCC, and the ID type (the number goes to `id_number`).
const IGNORED: &[&str] = &[
    "链接",
    "url",
    "数据来源",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "source",
    "source_uscc",
    "等级名称",
    "grade_label",
    "序号",
    "行政相对人代码_2（工商注册号）",
    "行政相对人代码_3（组织机构代码）",
    "行政相对人代码_4（税务登记号）",
    "行政相对人代码_5（事业单位证书号）",
    "行政相对人代码_6（社会组织登记证号）",
    "法定代表人证件类型",
    "法定代表人证件号码",
    "证件类型",
    "处罚有效期",
];

/// A header name as compared.
pub fn normalise(name: &str) -> String {
    let mut s: String = half_width(name)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\u{feff}')
        .collect();
    for mark in ["(必填)", "(选填)", "(可选)", "(必填项)"] {
        s = s.replace(mark, "");
    }
    s.to_lowercase()
}

/// The names a header answers to: itself, and for `A(B)` also `A` and `B`.
fn variants(name: &str) -> Vec<String> {
    let n = normalise(name);
    let mut out = vec![n.clone()];
    if let Some(open) = n.find('(') {
        if n.ends_with(')') {
            let outer = n[..open].trim_end_matches(['_', '1', '2']).to_string();
            let inner = n[open + 1..n.len() - 1].to_string();
            out.push(n[..open].to_string());
            out.push(outer);
            out.push(inner);
        }
    }
    out.retain(|v| !v.is_empty());
    out
}

/// Whether `header` is one of `names` (or the key).
fn field_matches(field: &Field, header: &str) -> bool {
    let vs = variants(header);
    let known = std::iter::once(field.key).chain(field.headers.iter().copied());
    // An exact name first (罚款金额（万元）), then a variant (罚款金额).
    known.clone().any(|k| normalise(k) == vs[0])
        || known.clone().any(|k| vs[1..].contains(&normalise(k)))
}

/// Where an unknown key was written, for [`key_named`].
pub struct WrittenIn<'a> {
    /// The kind's folder (`penalties`), from the file's path.
    pub kind: &'a str,
    /// The keys of the mappings around it within its record (`objection` for a key
    /// under `objection:`), joined by dots; empty at the record's top.
    pub parent: &'a str,
    /// The keys allowed there.
    pub allowed: &'a [String],
}

/// The key that a Chinese name (a spreadsheet header: 行政相对人名称, 处罚决定日期)
/// stands for in its kind, where it was written: for the hint of an unknown key in a
/// data file, where staff write the names they know. `None` when the name is none of
/// the kind's, or stands for a key of another place (履约状态 is a pledge's
/// `fulfilment.status`, not a licence's `status`).
pub fn key_named(name: &str, at: &WrittenIn<'_>) -> Option<&'static str> {
    if name.is_ascii() {
        return None;
    }
    let kind = crate::kinds::REGISTRY.iter().find(|k| k.key() == at.kind)?;
    let spec = kind.import_spec();
    let group = spec.group.map(|g| g.fields).unwrap_or_default();
    spec.fields
        .iter()
        .chain(group)
        .filter(|field| field_matches(field, name))
        .filter_map(|field| match field.key.rsplit_once('.') {
            Some((parent, key)) => (parent == at.parent).then_some(key),
            None => at.parent.is_empty().then_some(field.key),
        })
        .find(|key| at.allowed.iter().any(|a| a == key))
}

/// What the columns of a header row are, for one kind.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// For each field of the kind's records, its column.
    pub fields: Vec<Option<usize>>,
    /// For each field of the group (batch, list), its column, when rows carry them.
    pub group: Vec<Option<usize>>,
    /// The column naming each row's group (批次标识).
    pub group_id: Option<usize>,
    /// Columns that name nothing gongshi reads: (column, header).
    pub unknown: Vec<(usize, String)>,
    /// Columns that name a field an earlier column already has: (column, that one).
    pub repeated: Vec<(usize, usize)>,
    /// Headers, by column.
    pub headers: Vec<String>,
}

impl Columns {
    /// How many fields were found.
    pub fn score(&self) -> usize {
        self.fields
            .iter()
            .chain(&self.group)
            .filter(|c| c.is_some())
            .count()
    }
}

/// Reads a header row for `spec`. The first column with a field's name takes it.
pub fn columns(spec: &ImportSpec, cells: &[Cell]) -> Columns {
    let headers: Vec<String> = cells.iter().map(|c| c.shown().trim().to_string()).collect();
    let mut cols = Columns {
        fields: vec![None; spec.fields.len()],
        group: vec![None; spec.group.map_or(0, |g| g.fields.len())],
        headers: headers.clone(),
        ..Columns::default()
    };
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        let field = spec.fields.iter().position(|f| field_matches(f, h));
        if let Some(f) = field {
            if cols.fields[f].is_none() {
                cols.fields[f] = Some(i);
                continue;
            }
        }
        if let Some(group) = spec.group {
            if let Some(f) = group.fields.iter().position(|f| field_matches(f, h)) {
                if cols.group[f].is_none() {
                    cols.group[f] = Some(i);
                    continue;
                }
            }
            if group
                .id_headers
                .iter()
                .any(|n| normalise(n) == normalise(h))
            {
                cols.group_id = Some(i);
                continue;
            }
        }
        if let Some(first) = field.and_then(|f| cols.fields[f]) {
            cols.repeated.push((i, first));
        } else if !IGNORED.iter().any(|n| normalise(n) == normalise(h)) {
            cols.unknown.push((i, h.clone()));
        }
    }
    cols
}

/// Whether the columns name enough to be this kind's sheet: one of its distinctive
/// fields, and two fields at least.
pub fn fits(spec: &ImportSpec, cols: &Columns) -> bool {
    let distinctive = spec
        .fields
        .iter()
        .zip(&cols.fields)
        .any(|(f, c)| c.is_some() && spec.distinctive.contains(&f.key));
    distinctive && cols.score() >= 2
}

/// The header row of `table` for one of `specs` (by index): the row among the first
/// [`HEADER_SEARCH`] where most fields of a kind that fits are found. Returns (row
/// position in `table.rows`, spec index, columns); `None` when no row fits any kind,
/// and the best two when they tie.
pub fn find_header(
    table: &Table,
    specs: &[&ImportSpec],
) -> Result<(usize, usize, Columns), Vec<usize>> {
    let mut best: Option<(usize, usize, Columns)> = None;
    let mut tied: Vec<usize> = Vec::new();
    for (r, row) in table.rows.iter().enumerate().take(HEADER_SEARCH) {
        for (k, spec) in specs.iter().enumerate() {
            let cols = columns(spec, &row.cells);
            if !fits(spec, &cols) {
                continue;
            }
            let score = cols.score();
            match &best {
                Some((_, bk, b)) if score == b.score() && *bk != k => {
                    if !tied.contains(&k) {
                        tied.push(k);
                    }
                }
                Some((_, _, b)) if score <= b.score() => {}
                _ => {
                    tied.clear();
                    best = Some((r, k, cols));
                }
            }
        }
    }
    match best {
        Some((r, k, cols)) if tied.is_empty() => Ok((r, k, cols)),
        Some((_, k, _)) => {
            tied.insert(0, k);
            Err(tied)
        }
        None => Err(Vec::new()),
    }
}

/// For a group's field, the value in a `label | value` row above the header row.
pub fn block_value<'t>(
    field: &Field,
    table: &'t Table,
    above: usize,
) -> Option<(usize, usize, &'t Cell)> {
    table.rows[..above].iter().enumerate().find_map(|(r, row)| {
        let label = row.cells.iter().position(|c| !c.is_empty())?;
        if !field_matches(field, row.cells[label].shown().trim()) {
            return None;
        }
        let value = (label + 1..row.cells.len()).find(|&c| !row.cells[c].is_empty())?;
        Some((r, value, &row.cells[value]))
    })
}

/// The problems of `--batch`/`--list` values (`given`) for an import of `kind` (none:
/// not known yet): a key that no grade batch or list has (with the one meant), or
/// values given for a kind whose files hold no batch or list.
pub fn group_value_problems(given: &[(String, String)], kind: Option<KindId>) -> Vec<String> {
    let groups: Vec<&Group> = REGISTRY
        .iter()
        .filter_map(|k| k.import_spec().group.as_ref())
        .collect();
    let mut problems = Vec::new();
    if let (Some(k), Some((key, value))) = (kind, given.first()) {
        if REGISTRY[k].import_spec().group.is_none() {
            let flags: Vec<String> = groups.iter().map(|g| format!("--{}", g.key)).collect();
            problems.push(format!(
                "{key}={value}: {} records belong to no batch or list, so {} mean nothing for them",
                REGISTRY[k].key(),
                flags.join(" and ")
            ));
            return problems;
        }
    }
    for (key, _) in given {
        let known = groups.iter().flat_map(|g| g.fields).any(|f| {
            normalise(f.key) == normalise(key)
                || f.headers.iter().any(|h| normalise(h) == normalise(key))
        });
        if known {
            continue;
        }
        let keys = |g: &&Group| g.fields.iter().map(|f| f.key).collect::<Vec<_>>();
        let all: Vec<&str> = groups.iter().flat_map(&keys).collect();
        let meant = crate::diag::closest(key, all.iter().copied())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        let said: Vec<String> = groups
            .iter()
            .map(|g| format!("--{} {}", g.key, keys(g).join(", ")))
            .collect();
        problems.push(format!(
            "`{key}` is not a value of a grade batch or list: {meant}the keys are {}",
            said.join("; ")
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::REGISTRY;

    fn spec(key: &str) -> &'static ImportSpec {
        REGISTRY
            .iter()
            .find(|k| k.key() == key)
            .unwrap()
            .import_spec()
    }

    #[test]
    fn template_names_match_with_their_variants() {
        let penalties = spec("penalties");
        let row: Vec<Cell> = [
            "行政相对人名称*",
            "行政相对人代码_1(统一社会信用代码)",
            "行政处罚决定书文号（必填）",
            "罚款金额（万元）",
            "违 法 事 实",
            "ｄｅｃｉｄｅｄ",
            "证件类型",
            "自定义列",
        ]
        .iter()
        .map(|s| Cell::Text(s.to_string()))
        .collect();
        let cols = columns(penalties, &row);
        let at =
            |key: &str| cols.fields[penalties.fields.iter().position(|f| f.key == key).unwrap()];
        assert_eq!(at("party"), Some(0));
        assert_eq!(at("uscc"), Some(1));
        assert_eq!(at("decision_no"), Some(2));
        assert_eq!(at("fine_wan"), Some(3));
        assert_eq!(at("facts"), Some(4));
        assert_eq!(at("decided"), Some(5));
        assert_eq!(
            cols.unknown,
            vec![(7, "自定义列".to_string())],
            "证件类型 is known and left out"
        );
        assert!(fits(penalties, &cols));
    }
}

#[cfg(test)]
mod readme {
    use crate::kinds::REGISTRY;

    /// README's "From your Excel ledger to the site" names every header each kind reads,
    /// so that staff can rely on it.
    #[test]
    fn the_readme_lists_every_header_recognised() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("## From your Excel ledger to the site")
            .expect("the section");
        let end = readme[start..]
            .find("\n## ")
            .map_or(readme.len(), |e| start + e);
        let section = &readme[start..end];
        for kind in REGISTRY {
            let spec = kind.import_spec();
            let group = spec.group.map(|g| g.fields).unwrap_or_default();
            for field in spec.fields.iter().chain(group) {
                assert!(
                    section.contains(&format!("`{}`", field.key)),
                    "{}: `{}`",
                    kind.key(),
                    field.key
                );
                for header in field.headers {
                    assert!(section.contains(header), "{}: {header}", kind.key());
                }
            }
            for id in spec.group.map(|g| g.id_headers).unwrap_or_default() {
                assert!(section.contains(id), "{}: {id}", kind.key());
            }
        }
    }
}
