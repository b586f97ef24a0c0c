//! `/data/<kind>.json`, `.csv` and `.xlsx`: every public record of a kind, one row
//! each. The rows are made as they are written and the files are put part by part, so
//! that a dataset of a million records is never held in memory, neither as rows nor
//! as text.

use super::{neutralise_formula, xlsx, Field, Rows};
use crate::assemble::SiteModel;
use crate::kinds::REGISTRY;
use crate::render::derived_fingerprint;
use crate::sink::{PartWriter, Sink};
use rayon::prelude::*;
use std::io;
use std::sync::OnceLock;
use xxhash_rust::xxh3::Xxh3;

/// Bytes gathered before a part is handed on.
const PART_BYTES: usize = 1 << 16;

/// Which kinds' dataset exports to write, by registry position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Datasets(pub Vec<bool>);

impl Datasets {
    pub fn all() -> Datasets {
        Datasets(vec![true; REGISTRY.len()])
    }
}

/// The path of the export of the kind `name` in the format `ext`:
/// `data/penalties.csv`.
fn export_path(name: &str, ext: &str) -> String {
    format!("{}{name}.{ext}", crate::urls::DATA)
}

/// Every export the build writes, one per kind and format.
pub fn export_paths() -> impl Iterator<Item = String> {
    REGISTRY
        .iter()
        .flat_map(|k| ["json", "csv", "xlsx"].map(|ext| export_path(k.key(), ext)))
}

/// The chosen kinds' `/data/<key>.json`, `.csv` and `.xlsx`. Each file's fingerprint
/// is its path and its dataset's rows (see [`RowsHash`]), so that a rebuild keeps the
/// exports of a kind whose rows did not change without making them again.
pub fn write_datasets(model: &SiteModel, sink: &dyn Sink, which: &Datasets) -> io::Result<()> {
    REGISTRY
        .par_iter()
        .enumerate()
        .filter(|(id, _)| which.0.get(*id).copied().unwrap_or(false))
        .try_for_each(|(id, kind)| {
            let rows = || kind.export_rows(model, model.dataset(id));
            let name = kind.key();
            // The rows' hash is learnt as the JSON or the CSV is written; a sink that
            // asks for a fingerprint first (a rebuild, to keep what did not change)
            // has it made by a pass of its own.
            let digest = OnceLock::new();
            let fingerprint = |path: &str| {
                derived_fingerprint(path, *digest.get_or_init(|| RowsHash::of(rows())))
            };
            let hashed = |make: Maker| {
                let digest = &digest;
                move |write: PartWriter| {
                    let mut hash = RowsHash::default();
                    make(rows(), write, &mut hash)?;
                    let _ = digest.set(hash.digest());
                    Ok(())
                }
            };
            let json = export_path(name, "json");
            let (json, rest) = rayon::join(
                || sink.put_parts(&json, &|| fingerprint(&json), &mut hashed(json_parts)),
                || {
                    // The CSV first: the guard reads its cells, which the .xlsx holds
                    // too.
                    let csv = export_path(name, "csv");
                    // (Its headers given: an empty dataset has no row to name them.)
                    let mut make = |write: PartWriter| {
                        let mut hash = RowsHash::default();
                        csv_parts(rows(), write, &mut hash, kind.export_headers())?;
                        let _ = digest.set(hash.digest());
                        Ok(())
                    };
                    sink.put_parts(&csv, &|| fingerprint(&csv), &mut make)?;
                    let book = export_path(name, "xlsx");
                    sink.put_derived(&book, &csv, &|| fingerprint(&book), &mut || {
                        let headers = kind.export_headers();
                        xlsx::to_xlsx(rows(), kind.xlsx_template(), kind.title(), headers)
                    })
                },
            );
            json.and(rest)
        })
}

/// Writes a dataset's rows as one kind of file, hashing each row it writes.
type Maker = fn(Rows, PartWriter, &mut RowsHash) -> io::Result<()>;

/// The hash of a dataset's rows: every field (key, header and value, as they are, not
/// as the CSV neutralises them), which is all any of its exports is made from. The
/// fields are gathered in a buffer and hashed a buffer at a time: six small updates of
/// the streaming hash per field cost more than the copy (the digest is the same).
#[derive(Default)]
struct RowsHash {
    hash: Xxh3,
    pending: Vec<u8>,
}

/// How much is gathered before it is hashed.
const HASHED_AT_ONCE: usize = 1 << 16;

impl RowsHash {
    fn of(rows: Rows) -> u128 {
        let mut hash = RowsHash::default();
        rows.for_each(|row| hash.row(&row));
        hash.digest()
    }

    fn row(&mut self, row: &[Field]) {
        self.text("");
        for (key, header, value) in row {
            self.text(key);
            self.text(header);
            self.text(value);
        }
        if self.pending.len() >= HASHED_AT_ONCE {
            self.hash.update(&self.pending);
            self.pending.clear();
        }
    }

    fn text(&mut self, text: &str) {
        self.pending
            .extend_from_slice(&(text.len() as u64).to_le_bytes());
        self.pending.extend_from_slice(text.as_bytes());
    }

    fn digest(&mut self) -> u128 {
        self.hash.update(&self.pending);
        self.pending.clear();
        self.hash.digest128()
    }
}

/// A JSON array of objects, one per row, one row per line; parts end after a line.
fn json_parts(rows: Rows, write: PartWriter, hash: &mut RowsHash) -> io::Result<()> {
    let mut out = Vec::with_capacity(PART_BYTES + 4096);
    out.extend_from_slice(b"[\n");
    for (i, row) in rows.enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
            if out.len() >= PART_BYTES {
                write(&out)?;
                out.clear();
            }
        }
        hash.row(&row);
        out.push(b'{');
        for (j, (key, _, value)) in row.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut out, key)?;
            out.push(b':');
            serde_json::to_writer(&mut out, value)?;
        }
        out.push(b'}');
    }
    out.extend_from_slice(if out.ends_with(b"[\n") {
        b"]\n"
    } else {
        b"\n]\n"
    });
    write(&out)
}

/// UTF-8 with BOM and CRLF line ends, so Excel opens the Chinese headers correctly;
/// every cell neutralised against formula injection. Parts end after a record.
fn csv_parts(
    rows: Rows,
    write: PartWriter,
    hash: &mut RowsHash,
    headers: &[&str],
) -> io::Result<()> {
    let mut rows = rows.peekable();
    let mut bom = Vec::with_capacity(PART_BYTES);
    bom.extend_from_slice("\u{feff}".as_bytes());
    let mut w = csv_writer(bom);
    match rows.peek() {
        Some(first) => csv_line(&mut w, &mut first.iter().map(|f| f.1))?,
        None => csv_line(&mut w, &mut headers.iter().copied())?,
    }
    loop {
        let mut any = false;
        for row in rows.by_ref().take(256) {
            hash.row(&row);
            csv_line(&mut w, &mut row.iter().map(|f| f.2.as_str()))?;
            any = true;
        }
        let part = w.into_inner().map_err(|e| e.into_error())?;
        if any || !part.is_empty() {
            write(&part)?;
        }
        if !any {
            return Ok(());
        }
        w = csv_writer(Vec::with_capacity(PART_BYTES));
    }
}

fn csv_writer(into: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(into)
}

fn csv_line(w: &mut csv::Writer<Vec<u8>>, cells: &mut dyn Iterator<Item = &str>) -> io::Result<()> {
    for cell in cells {
        w.write_field(neutralise_formula(cell).as_bytes())?;
    }
    // An empty record after the fields ends the line.
    w.write_record(std::iter::empty::<&[u8]>())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(rows: Rows, write: PartWriter) -> io::Result<()> {
        csv_parts(rows, write, &mut RowsHash::default(), &["名称", "金额"])
    }

    fn json_file(rows: Rows, write: PartWriter) -> io::Result<()> {
        json_parts(rows, write, &mut RowsHash::default())
    }

    fn whole(
        make: impl Fn(Rows, PartWriter) -> io::Result<()>,
        rows: Vec<Vec<Field>>,
    ) -> Vec<Vec<u8>> {
        let mut parts = Vec::new();
        make(Box::new(rows.into_iter()), &mut |p: &[u8]| {
            parts.push(p.to_vec());
            Ok(())
        })
        .unwrap();
        parts
    }

    fn row(name: &str, amount: &str) -> Vec<Field> {
        vec![
            ("a", "名称", name.to_string()),
            ("b", "金额", amount.to_string()),
        ]
    }

    /// The rows' hash is that of every field's length and text, one after another,
    /// whatever the size of the buffer it is gathered in (fingerprints recorded by
    /// earlier builds stay valid), and each field counts.
    #[test]
    fn the_rows_hash_is_the_fields_hashed_one_after_another() {
        let rows: Vec<Vec<Field>> = (0..5000)
            .map(|i| row(&format!("企业{i}"), &i.to_string()))
            .collect();
        let mut one_by_one = Xxh3::new();
        for r in &rows {
            for text in
                std::iter::once("").chain(r.iter().flat_map(|(k, h, v)| [*k, *h, v.as_str()]))
            {
                one_by_one.update(&(text.len() as u64).to_le_bytes());
                one_by_one.update(text.as_bytes());
            }
        }
        let hashed = RowsHash::of(Box::new(rows.clone().into_iter()));
        assert_eq!(hashed, one_by_one.digest128());
        let mut edited = rows;
        edited[4999][1].2.push('0');
        assert_ne!(RowsHash::of(Box::new(edited.into_iter())), hashed);
    }

    #[test]
    fn csv_has_bom_quotes_and_formula_guard() {
        let text = whole(csv, vec![row("x,\"y\"", "=1+1")]).concat();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            "\u{feff}名称,金额\r\n\"x,\"\"y\"\"\",'=1+1\r\n"
        );
        // No record: the headers alone (the dataset says what it would hold).
        assert_eq!(
            whole(csv, vec![]).concat(),
            "\u{feff}名称,金额\r\n".as_bytes()
        );
    }

    #[test]
    fn json_is_one_row_a_line_and_empty_is_an_empty_array() {
        let json = whole(json_file, vec![row("甲", "1"), row("乙", "2")]).concat();
        assert_eq!(
            String::from_utf8(json).unwrap(),
            "[\n{\"a\":\"甲\",\"b\":\"1\"},\n{\"a\":\"乙\",\"b\":\"2\"}\n]\n"
        );
        assert_eq!(whole(json_file, vec![]).concat(), b"[\n]\n");
    }

    #[test]
    fn large_files_come_in_parts_that_end_at_a_line_end() {
        let rows: Vec<Vec<Field>> = (0..20_000).map(|n| row(&format!("企业{n}"), "1")).collect();
        for make in [json_file, csv] {
            let parts = whole(make, rows.clone());
            assert!(parts.len() > 3, "{} parts", parts.len());
            assert!(parts.iter().all(|p| p.ends_with(b"\n")));
            let text = String::from_utf8(parts.concat()).unwrap();
            assert_eq!(
                text.lines().count(),
                20_000 + if text.starts_with('[') { 2 } else { 1 }
            );
        }
    }
}
