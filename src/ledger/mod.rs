//! The publication ledger (data contract §12): `ledger.csv` at the site root, one row
//! per record gongshi ever published, saying when it first went online, when it left
//! and why; a record that left and came back (a pledge breached after it ran out, a
//! decision date corrected) has a row for each time it was online, so that no leaving
//! is forgotten. Only `gongshi build` moves it, and only forward in time: a build as of a
//! date earlier than the ledger's latest date leaves it as it is. It is written
//! beside the site by a temporary file renamed over the old one, so a killed build
//! leaves the old ledger or the new one, never half of one.
//!
//! It holds ids, decision numbers and dates, no names: list entries of persons are
//! keyed by their 认定文书号 or their place on the list (see the lists kind). It
//! lives outside `content/`, so it never reaches the output.

mod parse;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Day;
use crate::publish::{Ended, Outcome};
use crate::rules::Withheld;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The ledger's file name, at the site root.
pub const FILE_NAME: &str = "ledger.csv";

/// Its columns, in order.
pub const COLUMNS: [&str; 6] = [
    "kind",
    "id",
    "reference",
    "first_public_on",
    "left_on",
    "reason",
];

/// The hint for a row gongshi would not have written.
const RESTORE: &str =
    "gongshi writes this file itself: restore it from version control rather than editing it (in the site folder: git checkout -- ledger.csv)";

/// Why a record left the site, as the ledger writes it.
pub const WITHDRAWN_FROM_DATA: &str = "withdrawn from the data";

/// The ledger's word for why a record is not public.
pub fn reason_of(w: Withheld) -> &'static str {
    match w {
        Withheld::Expired | Withheld::ListExpired => "expired",
        Withheld::Repaired => "repaired",
        Withheld::Revoked => "revoked",
        Withheld::ObjectionUpheld => "objection upheld",
        Withheld::RemovedFromList => "removed from list",
        Withheld::NotYetPublic => "dated later",
        Withheld::Minor => "minor, not published",
    }
}

/// One record's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: String,
    pub id: String,
    pub reference: String,
    pub first_public: Day,
    /// The as-of date of the first build that no longer published it.
    pub left_on: Option<Day>,
    /// Why it left ("" while public).
    pub reason: String,
}

/// The whole ledger, by (kind, id): each record's times online, oldest first (only
/// the last may be open).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    entries: BTreeMap<(String, String), Vec<Entry>>,
}

/// What one build did to the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moved {
    /// Records that went online and records that left.
    Forward { appeared: usize, left: usize },
    /// The build's date is before the ledger's latest date: nothing changed.
    BackDated { latest: Day },
    /// As `Forward`, by a build dated after today: the ledger's latest date is now in
    /// the future, so builds dated before it leave the ledger as it is (contract §12).
    Ahead {
        appeared: usize,
        left: usize,
        today: Day,
    },
    /// `--no-ledger`.
    Off,
}

impl Ledger {
    /// The ledger of the site at `root` (empty when there is none yet).
    pub fn read(root: &Path) -> Result<Ledger, Diagnostics> {
        let path = root.join(FILE_NAME);
        match crate::load::read_regular_file(&path) {
            Ok(bytes) => Ledger::parse(&path, &bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Ledger::default()),
            Err(e) => {
                Err(Diagnostic::whole_file(&path, format!("cannot read the ledger: {e}")).into())
            }
        }
    }

    /// The latest date the ledger holds (`None` when empty).
    pub fn latest(&self) -> Option<Day> {
        self.entries()
            .flat_map(|e| [Some(e.first_public), e.left_on])
            .flatten()
            .max()
    }

    /// The times the record was online, oldest first (empty: never).
    pub fn periods(&self, kind: &str, id: &str) -> &[Entry] {
        self.entries
            .get(&(kind.to_string(), id.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// The first day on or after `day` that the record was online (`day` itself when
    /// it went online before and was still online then).
    pub fn online_from(&self, kind: &str, id: &str, day: Day) -> Option<Day> {
        self.periods(kind, id)
            .iter()
            .find(|p| p.left_on.is_none_or(|l| l > day))
            .map(|p| p.first_public.max(day))
    }

    /// The time online that an event on `day` (a repair, a revocation) should have
    /// ended: the one `day` fell in or the next, else the last, which had already
    /// ended before it. (Unlike [`Ledger::online_from`], a time online that ended on
    /// `day` itself counts: the record left the day of the event.)
    pub fn online_at_event(&self, kind: &str, id: &str, day: Day) -> Option<&Entry> {
        let periods = self.periods(kind, id);
        periods
            .iter()
            .find(|p| p.left_on.is_none_or(|l| l >= day))
            .or(periods.last())
    }

    /// The record's last time online.
    pub fn get(&self, kind: &str, id: &str) -> Option<&Entry> {
        self.periods(kind, id).last()
    }

    /// Every row.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values().flatten()
    }

    pub fn len(&self) -> usize {
        self.entries.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records what a build as of `as_of` published: every record of `outcomes`.
    pub fn record(&mut self, as_of: Day, outcomes: &[Outcome]) -> Moved {
        let latest = self.latest();
        if let Some(latest) = latest.filter(|&l| as_of < l) {
            return Moved::BackDated { latest };
        }
        let (mut appeared, mut left) = (0, 0);
        let mut seen: HashSet<(&str, &str)> = HashSet::with_capacity(outcomes.len());
        for o in outcomes {
            seen.insert((o.kind, o.id.as_str()));
            let key = (o.kind.to_string(), o.id.clone());
            let periods = self.entries.get_mut(&key);
            match (periods.and_then(|p| p.last_mut()), o.withheld) {
                // Still online, or back the day it left (two builds of one day): one
                // time online.
                (Some(e), None) if e.left_on.is_none_or(|l| l == as_of) => {
                    if e.left_on.take().is_some() {
                        appeared += 1;
                        e.reason.clear();
                    }
                    e.reference.clone_from(&o.reference);
                }
                // New, or back online (a pledge breached after it ran out, a
                // correction): a new time online; the leaving before it stays.
                (_, None) => {
                    appeared += 1;
                    self.entries.entry(key).or_default().push(Entry {
                        kind: o.kind.to_string(),
                        id: o.id.clone(),
                        reference: o.reference.clone(),
                        first_public: as_of,
                        left_on: None,
                        reason: String::new(),
                    });
                }
                (Some(e), Some(why)) if e.left_on.is_none() => {
                    left += 1;
                    e.left_on = Some(as_of);
                    // A listing that ended by the last build the ledger recorded was
                    // not the one online then.
                    let before = |ended: &Ended| latest.is_some_and(|l| ended.on <= l);
                    e.reason = match o.ended.filter(before) {
                        Some(ended) => ended.otherwise.map_or(WITHDRAWN_FROM_DATA, reason_of),
                        None => reason_of(why),
                    }
                    .to_string();
                }
                _ => {}
            }
        }
        for e in self.entries.values_mut().filter_map(|p| p.last_mut()) {
            if e.left_on.is_none() && !seen.contains(&(e.kind.as_str(), e.id.as_str())) {
                left += 1;
                e.left_on = Some(as_of);
                e.reason = WITHDRAWN_FROM_DATA.to_string();
            }
        }
        Moved::Forward { appeared, left }
    }

    /// The ledger as CSV: rows by kind, then by first public date, then id, so that
    /// a day's new rows come last in their kind and the file diffs well.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut rows: Vec<&Entry> = self.entries().collect();
        rows.sort_by(|a, b| {
            (&a.kind, a.first_public, &a.id).cmp(&(&b.kind, b.first_public, &b.id))
        });
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let mut put = |cells: [&str; 6]| {
            // Writing into a Vec cannot fail.
            let _ = w.write_record(cells);
        };
        put(COLUMNS);
        for e in rows {
            let first = e.first_public.to_string();
            let left = e.left_on.map(|d| d.to_string()).unwrap_or_default();
            put([&e.kind, &e.id, &e.reference, &first, &left, &e.reason]);
        }
        w.into_inner().unwrap_or_default()
    }

    /// Writes the ledger at the site root: a temporary file beside it, flushed to
    /// disk, renamed over the old one.
    pub fn write(&self, root: &Path) -> io::Result<()> {
        let path = root.join(FILE_NAME);
        remove_leftovers(root);
        let tmp = temp_path(&path);
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&self.to_csv())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// Removes temporary ledgers that killed builds left behind.
fn remove_leftovers(root: &Path) {
    let prefix = format!("{FILE_NAME}.tmp-");
    if let Ok(dir) = std::fs::read_dir(root) {
        for e in dir.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn out(id: &str, withheld: Option<Withheld>) -> Outcome {
        Outcome {
            kind: "penalties",
            id: id.into(),
            reference: format!("罚{id}"),
            withheld,
            ended: None,
        }
    }

    #[test]
    fn appear_leave_return_and_withdrawn() {
        let mut l = Ledger::default();
        let m = l.record(
            d("2026-01-05"),
            &[
                out("a", None),
                out("b", None),
                out("c", Some(Withheld::NotYetPublic)),
            ],
        );
        assert_eq!(
            m,
            Moved::Forward {
                appeared: 2,
                left: 0
            }
        );
        assert!(l.get("penalties", "c").is_none(), "never public: no row");
        let m = l.record(
            d("2026-02-01"),
            &[out("a", Some(Withheld::Repaired)), out("c", None)],
        );
        assert_eq!(
            m,
            Moved::Forward {
                appeared: 1,
                left: 2
            }
        );
        let a = l.get("penalties", "a").unwrap();
        assert_eq!(
            (a.left_on, a.reason.as_str()),
            (Some(d("2026-02-01")), "repaired")
        );
        let b = l.get("penalties", "b").unwrap();
        assert_eq!(b.reason, WITHDRAWN_FROM_DATA);
        // Leaving is recorded once: a later build does not move the date.
        l.record(
            d("2026-03-01"),
            &[out("a", Some(Withheld::Expired)), out("c", None)],
        );
        assert_eq!(
            l.get("penalties", "a").unwrap().left_on,
            Some(d("2026-02-01"))
        );
        assert_eq!(l.get("penalties", "a").unwrap().reason, "repaired");
        // A build dated before the ledger's latest date changes nothing.
        let before = l.clone();
        assert_eq!(l.latest(), Some(d("2026-02-01")));
        assert_eq!(
            l.record(d("2026-01-20"), &[]),
            Moved::BackDated {
                latest: d("2026-02-01")
            }
        );
        assert_eq!(l, before);
    }

    /// Every reason the ledger writes is read back (a reason it could not read would
    /// stop the next build).
    #[test]
    fn every_reason_written_is_read_back() {
        for (i, &w) in Withheld::ALL.iter().enumerate() {
            assert_eq!(w.index(), i, "Withheld::ALL in the order of index()");
            let mut l = Ledger::default();
            l.record(d("2026-01-05"), &[out(&i.to_string(), None)]);
            l.record(d("2026-01-06"), &[out(&i.to_string(), Some(w))]);
            let back = Ledger::parse(Path::new("ledger.csv"), &l.to_csv()).unwrap();
            assert_eq!(back, l, "{w:?}");
        }
        let mut l = Ledger::default();
        l.record(d("2026-01-05"), &[out("x", None)]);
        l.record(d("2026-01-06"), &[]);
        assert_eq!(
            Ledger::parse(Path::new("ledger.csv"), &l.to_csv()).unwrap(),
            l
        );
    }

    /// Found by an audit: rows gongshi never writes were read without a word.
    #[test]
    fn rows_gongshi_never_writes_are_refused() {
        let head = "kind,id,reference,first_public_on,left_on,reason\n";
        for (row, said) in [
            ("bogus,a,x,2026-01-05,,", "not a kind of record"),
            ("penalties,a,x,2026-01-05,2026-01-06,", "without a reason"),
            ("penalties,a,x,2026-01-05,,repaired", "without a `left_on`"),
            ("penalties,a,x,2026-01-05,2026-01-06,bogus", "not a reason"),
        ] {
            let text = format!("{head}{row}\n");
            let err = Ledger::parse(Path::new("ledger.csv"), text.as_bytes()).unwrap_err();
            let shown = format!("{:?}", err);
            assert!(shown.contains(said), "{row}: {shown}");
        }
    }

    #[test]
    fn csv_round_trip_and_order() {
        let mut l = Ledger::default();
        l.record(d("2026-01-05"), &[out("z", None)]);
        l.record(d("2026-01-06"), &[out("z", None), out("a,\"b\"", None)]);
        let bytes = l.to_csv();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with("kind,id,reference,first_public_on,left_on,reason\n"));
        let z = text.find("penalties,z,").unwrap();
        let a = text.find("penalties,\"a,").unwrap();
        assert!(z < a, "the older row first:\n{text}");
        assert_eq!(Ledger::parse(Path::new("ledger.csv"), &bytes).unwrap(), l);
    }

    #[test]
    fn a_pledge_row_of_the_digest_days_is_its_numbers() {
        let number = "钢诺〔2026〕1号";
        let digest = crate::kinds::pledges::digest_key(number);
        let text = format!("kind,id,reference,first_public_on,left_on,reason\npledges,{digest},{number},2026-01-05,,\npledges,{},钢诺/2,2026-01-05,,\n", crate::kinds::pledges::digest_key("钢诺/2"));
        let l = Ledger::parse(Path::new("ledger.csv"), text.as_bytes()).unwrap();
        assert_eq!(
            l.get("pledges", number).unwrap().first_public,
            d("2026-01-05")
        );
        assert!(l.get("pledges", &digest).is_none());
        // A number that cannot be an address keeps its digest.
        assert!(l
            .get("pledges", &crate::kinds::pledges::digest_key("钢诺/2"))
            .is_some());
    }

    #[test]
    fn a_record_back_online_gets_a_row_and_keeps_its_leaving() {
        let mut l = Ledger::default();
        l.record(d("2026-06-15"), &[out("p", None)]);
        l.record(d("2026-07-06"), &[out("p", Some(Withheld::Expired))]);
        l.record(d("2026-08-01"), &[out("p", Some(Withheld::Expired))]);
        assert_eq!(
            l.record(d("2026-09-07"), &[out("p", None)]),
            Moved::Forward {
                appeared: 1,
                left: 0
            }
        );
        let rows: Vec<(Day, Option<Day>)> = l
            .periods("penalties", "p")
            .iter()
            .map(|e| (e.first_public, e.left_on))
            .collect();
        assert_eq!(
            rows,
            [
                (d("2026-06-15"), Some(d("2026-07-06"))),
                (d("2026-09-07"), None)
            ]
        );
        assert_eq!(l.len(), 2);
        // Online from: within a time online, the day itself; between two, the next.
        assert_eq!(
            l.online_from("penalties", "p", d("2026-06-01")),
            Some(d("2026-06-15"))
        );
        assert_eq!(
            l.online_from("penalties", "p", d("2026-07-01")),
            Some(d("2026-07-01"))
        );
        assert_eq!(
            l.online_from("penalties", "p", d("2026-07-06")),
            Some(d("2026-09-07"))
        );
        // Written and read back the same, two rows of one record.
        let bytes = l.to_csv();
        assert_eq!(Ledger::parse(Path::new("ledger.csv"), &bytes).unwrap(), l);
        // Off and back on one day (two builds of that day): still one time online.
        l.record(d("2026-09-08"), &[out("p", Some(Withheld::Revoked))]);
        l.record(d("2026-09-08"), &[out("p", None)]);
        assert_eq!(l.len(), 2);
        assert_eq!(l.get("penalties", "p").unwrap().left_on, None);
    }

    #[test]
    fn doubled_and_backwards_rows_are_refused() {
        let text = "kind,id,reference,first_public_on,left_on,reason\npenalties,a,x,2026-01-05,,\npenalties,a,x,2026-01-05,,\npenalties,b,y,2026-01-05,2026-01-04,expired\npenalties,c,z,2026-01-05,2026-02-01,expired\npenalties,c,z,2026-01-20,,\npenalties,d,w,2026-01-05,2026-01-05,revoked\npenalties,d,w,2026-01-05,2026-01-05,revoked\npenalties,e,v,2026-01-05,,\npenalties,e,v,2026-01-05,2026-01-05,revoked\n";
        let err = Ledger::parse(Path::new("ledger.csv"), text.as_bytes()).unwrap_err();
        let lines: Vec<usize> = err.iter().map(|d| d.line).collect();
        assert_eq!(lines, [3, 4, 6, 8, 10]);
    }

    #[test]
    fn an_empty_ledger_file_is_a_ledger_without_rows() {
        for bytes in [&b""[..], b"\n", b"\xEF\xBB\xBF", b" \r\n"] {
            let l = Ledger::parse(Path::new("ledger.csv"), bytes).unwrap();
            assert_eq!(l, Ledger::default(), "{bytes:?}");
        }
    }

    #[test]
    fn a_bad_row_is_named_by_line_and_column() {
        let text = "kind,id,reference,first_public_on,left_on,reason\npenalties,a,x,2026-01-05,,\npenalties,b,y,2026/01/05,,\n";
        let err = Ledger::parse(Path::new("ledger.csv"), text.as_bytes()).unwrap_err();
        let d = err.iter().next().unwrap();
        assert_eq!((d.line, d.column), (3, 15), "{d:?}");
        assert!(d.message.contains("first_public_on"));
        let err = Ledger::parse(Path::new("ledger.csv"), b"a,b\n1,2\n").unwrap_err();
        assert_eq!(err.iter().next().unwrap().line, 1);
    }

    #[test]
    fn a_ledger_saved_as_gbk_is_one_problem_with_what_to_do() {
        let text = "kind,id,reference,first_public_on,left_on,reason\npenalties,a,x,2026-01-05,,\npenalties,b,钢城交罚〔2026〕1号,2026-01-05,,\npenalties,c,钢城交罚〔2026〕2号,2026-01-05,,\n";
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        let err = Ledger::parse(Path::new("ledger.csv"), &gbk).unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        let d = err.iter().next().unwrap();
        assert_eq!(d.line, 3);
        assert!(d.message.contains("not UTF-8"), "{d:?}");
        assert!(
            d.hint.as_deref().unwrap_or("").contains("CSV UTF-8"),
            "{d:?}"
        );
    }
}
