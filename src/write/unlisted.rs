//! What may be on the portal that no change list has accounted for. A build swaps its
//! site in and then puts its change list beside it; killed in between (or unable to put
//! the list), it leaves a site that no list describes, and the next build's list,
//! compared with that site, would miss what the one before it removed: a deploy that
//! uploads from lists would leave those pages online.
//!
//! So, just before its swap, a build leaves `.NAME.gongshi-unlisted` beside the output:
//! the files of every site since the last list that was put in place (the output it
//! replaces, and what an earlier marker named). It removes the marker once its own list
//! is in place. A build that finds one lists every file of its site (`"full": true`)
//! and, as removed, every file those sites held that its site does not, so that a
//! deploy from that list is right whichever of them the portal holds.
//!
//! Format: the line `gongshi unlisted 1`, then each site-relative path followed by a
//! NUL, in byte order. Plain (not sealed with a folder's identity, see
//! [`super::records`]): it describes sites that are gone, and is kept on every
//! platform.

use super::changes::Listed;
use super::records::Records;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Its name among the records.
pub const RECORD: &str = "unlisted";
const HEADER: &[u8] = b"gongshi unlisted 1\n";

/// Where the marker of the output `output` is.
pub fn path(output: &Path) -> PathBuf {
    super::swap::beside(output, RECORD)
}

/// What a list of files beside the output (the marker, the last build's files list)
/// says.
pub enum Marker {
    /// There is none: for the marker, the last build put its list.
    Absent,
    /// The paths it names, each ended by a NUL, sorted.
    Names(String),
    /// There is one, but it cannot be read (what went wrong, naming it): what the
    /// sites it describes held is not known.
    Unreadable(String),
}

impl Marker {
    /// The list of files at `path`, from its `body` as read (its header taken off;
    /// `InvalidData` when it had none).
    pub fn of(path: &Path, body: io::Result<Vec<u8>>) -> Marker {
        let names = match body {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Marker::Absent,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => None,
            Err(e) => return Marker::Unreadable(super::named(path, e).to_string()),
            Ok(bytes) => String::from_utf8(bytes)
                .ok()
                .filter(|b| super::files::is_list(b)),
        };
        match names {
            Some(names) => Marker::Names(names),
            None => Marker::Unreadable(format!(
                "{} is not a list of files gongshi wrote",
                path.display()
            )),
        }
    }
}

/// Reads the marker of `output`.
pub fn read(output: &Path) -> Marker {
    let marker = path(output);
    let body = fs::read(&marker).and_then(|mut bytes| match bytes.starts_with(HEADER) {
        true => {
            bytes.drain(..HEADER.len());
            Ok(bytes)
        }
        false => Err(io::ErrorKind::InvalidData.into()),
    });
    Marker::of(&marker, body)
}

/// The paths of `lists` (each sorted, each path ended by a NUL), sorted, each once.
pub fn union<'a>(lists: &[&'a str]) -> Vec<&'a str> {
    let mut all: Box<dyn Iterator<Item = &'a str>> = Box::new(std::iter::empty());
    for list in lists {
        all = Box::new(Merged::new(all, list.split_terminator('\0')));
    }
    all.collect()
}

/// Two sorted lists of paths merged as they are read, each path once.
struct Merged<'a, A: Iterator<Item = &'a str>, B: Iterator<Item = &'a str>> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
}

impl<'a, A: Iterator<Item = &'a str>, B: Iterator<Item = &'a str>> Merged<'a, A, B> {
    fn new(a: A, b: B) -> Self {
        Merged {
            a: a.peekable(),
            b: b.peekable(),
        }
    }
}

impl<'a, A: Iterator<Item = &'a str>, B: Iterator<Item = &'a str>> Iterator for Merged<'a, A, B> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match (self.a.peek(), self.b.peek()) {
            (Some(x), Some(y)) if x < y => self.a.next(),
            (Some(x), Some(y)) if x > y => self.b.next(),
            (Some(_), Some(_)) => {
                self.b.next();
                self.a.next()
            }
            (Some(_), None) => self.a.next(),
            (None, _) => self.b.next(),
        }
    }
}

/// Writes (pending, see [`Records::write_durable`]) the marker this build leaves
/// before its swap: the files of `before`, the site it replaces, of `this`, its own
/// (the output may be gone by the next build), and those an `earlier` marker named.
/// Written as the lists are merged (at 1,000,000 enterprises each holds 1.6 million
/// paths).
pub fn prepare(records: &Records, earlier: &str, before: &str, this: &[&str]) -> io::Result<()> {
    records.write_durable(RECORD, &mut |out| {
        let lists = Merged::new(
            earlier.split_terminator('\0'),
            before.split_terminator('\0'),
        );
        out.write_all(HEADER)?;
        for path in Merged::new(lists, this.iter().copied()) {
            out.write_all(path.as_bytes())?;
            out.write_all(b"\0")?;
        }
        Ok(())
    })
}

/// What this build's change list names as removed (`removed`, what the site it
/// replaces held that its own does not, or, after a marker, what any site since the
/// last list held), with a warning for each of those lists that could not be read;
/// prepares the marker this build leaves. `before`: the files of the site it replaces;
/// `gone`: the list of the last build's site when the output is not that site any more
/// (deleted by hand), which may be on the portal as well; `this`: its own.
pub fn plan<'a>(
    records: &Records,
    (before, gone): (&str, Marker),
    this: &[&str],
    removed: &'a [String],
) -> io::Result<(Listed<'a>, Vec<String>)> {
    let mut warnings = Vec::new();
    let mut known = |found: Marker, what: &str| match found {
        Marker::Absent => None,
        Marker::Names(names) => Some(names),
        Marker::Unreadable(problem) => {
            warnings.push(format!("{problem}: that file names {what}, so this build's change list names every file but cannot name all that left the site; deploy the whole site once, deleting on the portal what is not in the output (`rsync -a --delete`)"));
            Some(String::new())
        }
    };
    let marker = known(
        read(records.output()),
        "what the sites since the last change list held",
    );
    let gone = known(gone, "what the last build's site held");
    let earlier: Option<String> = match (marker, gone) {
        (None, None) => None,
        (Some(marker), None) => Some(marker),
        (marker, Some(gone)) => Some(
            union(&[marker.as_deref().unwrap_or(""), &gone])
                .into_iter()
                .flat_map(|path| [path, "\0"])
                .collect(),
        ),
    };
    prepare(records, earlier.as_deref().unwrap_or(""), before, this)?;
    let listed = match earlier {
        None => Listed::Since(removed),
        Some(earlier) => Listed::Full(super::files::missing(
            union(&[&earlier, before]).into_iter(),
            this,
        )),
    };
    Ok((listed, warnings))
}

/// Puts the prepared marker in place: call just before the swap.
pub fn put(records: &Records) -> io::Result<()> {
    let marker = path(records.output());
    records.publish_to(RECORD, &marker).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("{e}; gongshi writes that file itself: move away what is at that name, and build again"),
        )
    })?;
    Ok(())
}

/// Removes the marker: call once this build's change list is in place.
pub fn clear(output: &Path) -> io::Result<()> {
    let marker = path(output);
    match fs::remove_file(&marker) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(super::named(&marker, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_names_the_files_of_every_site_since_the_last_list() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let records = Records::new(&out, &dir.path().join("staging"));
        let names = |out: &Path| match read(out) {
            Marker::Names(names) => Some(names),
            Marker::Absent => None,
            Marker::Unreadable(e) => panic!("{e}"),
        };
        assert_eq!(names(&out), None, "no marker: the last list was put");
        prepare(&records, "", "a\0c\0", &["c", "e"]).unwrap();
        assert_eq!(names(&out), None, "not until it is put");
        put(&records).unwrap();
        assert_eq!(names(&out).as_deref(), Some("a\0c\0e\0"));
        prepare(&records, "a\0c\0e\0", "b\0c\0d\0", &["f"]).unwrap();
        put(&records).unwrap();
        assert_eq!(names(&out).as_deref(), Some("a\0b\0c\0d\0e\0f\0"));
        clear(&out).unwrap();
        assert_eq!(names(&out), None);
        clear(&out).unwrap();
        fs::write(path(&out), "not one of gongshi's").unwrap();
        assert!(matches!(read(&out), Marker::Unreadable(e) if e.contains("gongshi-unlisted")));
    }

    #[test]
    fn lists_are_merged_in_order_each_path_once() {
        assert_eq!(
            union(&["a\0c\0", "", "b\0c\0z\0", "0\0"]),
            ["0", "a", "b", "c", "z"]
        );
        assert!(union(&["", ""]).is_empty());
    }
}
