//! Watching the site: file-system events are classified into kinds of change and
//! gathered into one [`ChangeSet`] per burst of saves.

use crate::load::is_scratch_name;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// What a changed path means for the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `site.yaml`: everything is rebuilt.
    Config,
    /// A file under `content/` (data, page or asset): reloaded alone.
    Content(PathBuf),
    /// A template: pages are rendered again, data is not re-read.
    Template,
    /// A theme static file: copied again.
    ThemeStatic,
    /// Not ours: output, editor scratch files, anything else.
    Ignored,
}

/// Classifies one changed path.
pub fn classify_change(site: &Path, theme_dir: &Path, path: &Path) -> Change {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if is_scratch_name(name) {
        return Change::Ignored;
    }
    if path == site.join("site.yaml") {
        return Change::Config;
    }
    // The theme folder itself or a folder above it inside the site appeared or went:
    // the whole theme may be different.
    if path != site && path.starts_with(site) && theme_dir.starts_with(path) {
        return Change::Template;
    }
    if let Ok(rel) = path.strip_prefix(theme_dir) {
        if rel.iter().any(|p| p.to_str().is_some_and(is_scratch_name)) {
            return Change::Ignored;
        }
        return match rel.iter().next().and_then(|p| p.to_str()) {
            Some("templates") => Change::Template,
            Some("static") => Change::ThemeStatic,
            _ => Change::Ignored,
        };
    }
    if let Ok(rel) = path.strip_prefix(site.join("content")) {
        if rel.iter().any(|p| p.to_str().is_some_and(is_scratch_name)) {
            return Change::Ignored;
        }
        return Change::Content(path.to_path_buf());
    }
    Change::Ignored
}

/// The folders being watched. Folders that do not exist yet (a theme copied into the
/// site while it is previewed) or that were deleted and made again are watched as
/// soon as they exist: the site folder itself is always watched, so their creation is
/// seen.
pub struct Watched {
    /// (folder, recursive), in order from the site down.
    wanted: Vec<(PathBuf, bool)>,
    active: BTreeSet<PathBuf>,
}

impl Watched {
    pub fn new(site: &Path, theme_dir: &Path) -> Watched {
        let mut wanted = vec![(site.to_path_buf(), false), (site.join("content"), true)];
        if let Ok(rel) = theme_dir.strip_prefix(site) {
            let mut dir = site.to_path_buf();
            let parts: Vec<_> = rel.iter().collect();
            for (i, part) in parts.iter().enumerate() {
                dir.push(part);
                wanted.push((dir.clone(), i + 1 == parts.len()));
            }
        }
        Watched {
            wanted,
            active: BTreeSet::new(),
        }
    }

    /// Forgets every watch (the site folder was deleted and made again: the system's
    /// watches are of the old folder).
    pub fn reset(&mut self, watcher: &mut impl notify::Watcher) {
        for dir in std::mem::take(&mut self.active) {
            let _ = watcher.unwatch(&dir);
        }
    }

    /// Starts watching the wanted folders that exist and are not watched yet; forgets
    /// the ones that are gone (the system dropped their watches). The error names the
    /// folder and says what to do.
    pub fn refresh(&mut self, watcher: &mut impl notify::Watcher) -> Result<(), String> {
        self.active.retain(|dir| dir.is_dir());
        for (dir, recursive) in &self.wanted {
            if !dir.is_dir() || self.active.contains(dir) {
                continue;
            }
            let mode = if *recursive {
                notify::RecursiveMode::Recursive
            } else {
                notify::RecursiveMode::NonRecursive
            };
            watcher
                .watch(dir, mode)
                .map_err(|e| watch_failure(dir, &e))?;
            self.active.insert(dir.clone());
        }
        Ok(())
    }
}

fn watch_failure(dir: &Path, e: &notify::Error) -> String {
    let hint = match e.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit of watched folders is reached (on Linux raise fs.inotify.max_user_watches), then restart gongshi serve"
        }
        _ => "saves there are not previewed until gongshi serve is restarted",
    };
    format!("cannot watch {} for changes ({e}); {hint}", dir.display())
}

/// The changes of one burst of file events.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    pub config: bool,
    pub templates: bool,
    pub statics: bool,
    /// Content files that changed, appeared, or disappeared (a folder may stand for
    /// everything below it).
    pub content: BTreeSet<PathBuf>,
}

impl ChangeSet {
    pub fn add(&mut self, change: Change) {
        match change {
            Change::Config => self.config = true,
            Change::Template => self.templates = true,
            Change::ThemeStatic => self.statics = true,
            Change::Content(p) => {
                self.content.insert(p);
            }
            Change::Ignored => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.config && !self.templates && !self.statics && self.content.is_empty()
    }
}

/// What an event says about a file being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    /// Created or written to: the writer may not be done.
    Opens,
    /// Closed after writing: that write is complete (not a change of its own).
    Closes,
    /// Renamed into place: complete.
    Completes,
    /// Renamed away or removed: no longer being written, but nothing complete yet
    /// (an editor may be about to create it again).
    Gone,
    Other,
}

/// How long [`next_changes`] waits.
#[derive(Debug, Clone, Copy)]
pub struct Waits {
    /// Quiet time that ends a burst while a file may still be being written.
    pub quiet: Duration,
    /// Quiet time that ends a burst once a write in it was seen complete and none is
    /// open (Linux reports closes; elsewhere only a rename into place completes one).
    pub settled: Duration,
    /// A burst ends after this long in all, so a steady stream of saves is previewed.
    pub longest: Duration,
    /// Without any event for this long, an empty set is returned.
    pub idle: Duration,
}

/// Waits for the next burst of relevant changes: the first relevant event, then more
/// until a quiet time passes without a relevant one (or `longest` passes in all, so
/// that a steady stream of saves still gets previewed). The quiet time is short once
/// every file written in the burst has been closed by its writer (a save is complete:
/// there is no half-written file to read), and longer while one is open. Events that
/// change nothing for the site (files being read, log files, editor scratch files)
/// neither start a burst nor keep one open. After `idle` without an event it returns an
/// empty set, so that the caller can look after the watches. `None` when the watcher
/// is gone.
pub fn next_changes(
    events: &Receiver<notify::Result<notify::Event>>,
    waits: Waits,
    classify: impl Fn(&Path) -> Change,
) -> Option<ChangeSet> {
    use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
    use notify::EventKind;
    let mut set = ChangeSet::default();
    let mut started: Option<Instant> = None;
    let mut last_relevant = Instant::now();
    // Relevant files written to and not closed since, and whether a write in this
    // burst was seen complete (closed, or renamed into place).
    let mut writing: HashSet<PathBuf> = HashSet::new();
    let mut completed = false;
    loop {
        let event = match started {
            None => match events.recv_timeout(waits.idle) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout) => return Some(set),
                Err(RecvTimeoutError::Disconnected) => return None,
            },
            Some(start) => {
                let quiet = if completed && writing.is_empty() {
                    waits.settled
                } else {
                    waits.quiet
                };
                let deadline = (last_relevant + quiet).min(start + waits.longest);
                let wait = deadline.saturating_duration_since(Instant::now());
                match events.recv_timeout(wait) {
                    Ok(e) => e,
                    Err(RecvTimeoutError::Timeout) => return Some(set),
                    Err(RecvTimeoutError::Disconnected) => return Some(set),
                }
            }
        };
        let Ok(event) = event else { continue };
        let effect = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => Effect::Closes,
            EventKind::Access(_) => continue,
            EventKind::Create(CreateKind::Folder) => Effect::Other,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => {
                Effect::Opens
            }
            EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => {
                Effect::Completes
            }
            EventKind::Modify(ModifyKind::Name(_)) | EventKind::Remove(_) => Effect::Gone,
            _ => Effect::Other,
        };
        let closes = effect == Effect::Closes;
        // Events were lost (the kernel's queue overflowed, say during a large checkout):
        // what changed is unknown, so the whole site is read and built again.
        let mut relevant = event.need_rescan();
        set.config |= relevant;
        // A rename reported with both paths is complete for the new one only.
        let both = matches!(
            event.kind,
            EventKind::Modify(ModifyKind::Name(RenameMode::Both))
        );
        for (i, path) in event.paths.iter().enumerate() {
            let change = classify(path);
            if change == Change::Ignored {
                continue;
            }
            relevant = true;
            let effect = if both && i == 0 { Effect::Gone } else { effect };
            match effect {
                Effect::Opens => {
                    writing.insert(path.clone());
                }
                Effect::Closes | Effect::Completes => {
                    writing.remove(path);
                    completed = true;
                }
                Effect::Gone => {
                    writing.remove(path);
                }
                Effect::Other => {}
            }
            if !closes {
                set.add(change);
            }
        }
        // A close ends a write; it is not a change of its own.
        if relevant && !closes {
            last_relevant = Instant::now();
            started.get_or_insert(last_relevant);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, EventKind, ModifyKind, RenameMode};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::channel;
    use std::sync::Arc;

    fn c(p: &str) -> Change {
        classify_change(
            Path::new("/s"),
            Path::new("/s/themes/default"),
            Path::new(p),
        )
    }

    #[test]
    fn classifies_paths() {
        assert_eq!(c("/s/site.yaml"), Change::Config);
        assert_eq!(
            c("/s/content/penalties/2025.yaml"),
            Change::Content("/s/content/penalties/2025.yaml".into())
        );
        assert_eq!(
            c("/s/content/notices/a.md"),
            Change::Content("/s/content/notices/a.md".into())
        );
        assert_eq!(c("/s/themes/default/templates/base.html"), Change::Template);
        assert_eq!(
            c("/s/themes/default/static/css/site.css"),
            Change::ThemeStatic
        );
        assert_eq!(c("/s/output/index.html"), Change::Ignored);
        // The theme folder, or the folder holding it, appearing or going away.
        assert_eq!(c("/s/themes"), Change::Template);
        assert_eq!(c("/s/themes/default"), Change::Template);
        assert_eq!(c("/s"), Change::Ignored);
        // The content folder made again after a delete.
        assert_eq!(c("/s/content"), Change::Content("/s/content".into()));
        assert_eq!(c("/s/themes/other/templates/base.html"), Change::Ignored);
    }

    #[test]
    fn editor_scratch_files_are_ignored() {
        for p in [
            "/s/content/penalties/.2025.yaml.swp",
            "/s/content/penalties/2025.yaml~",
            "/s/content/penalties/4913",
            "/s/content/penalties/.#2025.yaml",
            "/s/content/penalties/2025.yaml.tmp",
            "/s/content/penalties/2025.yaml___jb_tmp___",
            "/s/content/penalties/2025.yaml___jb_old___",
            "/s/themes/default/templates/.base.html.swx",
            "/s/.site.yaml.swp",
        ] {
            assert_eq!(c(p), Change::Ignored, "{p}");
        }
    }

    const LONGEST: Duration = Duration::from_secs(5);

    /// `quiet` ms of quiet (and as long once settled), bursts at most `longest`.
    fn waits(quiet: u64, longest: Duration) -> Waits {
        let quiet = Duration::from_millis(quiet);
        Waits {
            quiet,
            settled: quiet,
            longest,
            idle: LONGEST,
        }
    }

    fn penalties(kind: EventKind) -> notify::Result<notify::Event> {
        event(kind, &["/s/content/penalties/2025.yaml"])
    }

    /// How long a burst of `events` (sent at once, the channel kept open) takes to
    /// end, with 10 ms of quiet once settled and 400 ms before.
    fn burst_time(events: Vec<notify::Result<notify::Event>>) -> (Duration, ChangeSet) {
        let (tx, rx) = channel();
        for e in events {
            tx.send(e).unwrap();
        }
        let waits = Waits {
            quiet: Duration::from_millis(400),
            settled: Duration::from_millis(10),
            longest: LONGEST,
            idle: Duration::from_millis(600),
        };
        let start = Instant::now();
        let set = next_changes(&rx, waits, classify).unwrap();
        let took = start.elapsed();
        drop(tx);
        (took, set)
    }

    #[test]
    fn a_save_its_writer_closed_ends_the_burst_soon() {
        use notify::event::{AccessKind, AccessMode, DataChange};
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let (took, set) = burst_time(vec![penalties(write), penalties(close)]);
        assert!(took < Duration::from_millis(300), "{took:?}");
        assert_eq!(set.content.len(), 1);
        // Still open: the writer may not be done.
        let (took, _) = burst_time(vec![penalties(write)]);
        assert!(took >= Duration::from_millis(400), "{took:?}");
        // A file renamed into place is complete.
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let (took, _) = burst_time(vec![
            penalties(EventKind::Create(CreateKind::File)),
            penalties(rename),
        ]);
        assert!(took < Duration::from_millis(300), "{took:?}");
        // A file created (as Windows reports it) and not yet written, or one removed
        // (an editor may create it again at once): not complete.
        let (took, _) = burst_time(vec![penalties(EventKind::Create(CreateKind::Any))]);
        assert!(took >= Duration::from_millis(400), "{took:?}");
        let remove = EventKind::Remove(notify::event::RemoveKind::File);
        let (took, _) = burst_time(vec![penalties(remove)]);
        assert!(took >= Duration::from_millis(400), "{took:?}");
        // Vim's backup: the file renamed away (to a scratch name) before it is written
        // again. Nothing is complete.
        let from = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        let to = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let backup = "/s/content/penalties/2025.yaml~";
        let (took, _) = burst_time(vec![
            penalties(from),
            event(to, &[backup]),
            event(both, &["/s/content/penalties/2025.yaml", backup]),
        ]);
        assert!(took >= Duration::from_millis(400), "{took:?}");
        // Lost events: everything is read again.
        let lost = notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        let (took, set) = burst_time(vec![Ok(lost)]);
        assert!(set.config && took < Duration::from_millis(500), "{took:?}");
        // A close alone (a file written in an earlier burst) starts nothing.
        let (took, set) = burst_time(vec![penalties(close)]);
        assert!(
            set.is_empty() && took >= Duration::from_millis(600),
            "{took:?}"
        );
    }

    fn classify(p: &Path) -> Change {
        classify_change(Path::new("/s"), Path::new("/s/themes/default"), p)
    }

    #[test]
    fn files_being_read_do_not_hold_a_burst_open() {
        let (tx, rx) = channel();
        tx.send(event(
            EventKind::Modify(ModifyKind::Any),
            &["/s/content/penalties/2025.yaml"],
        ))
        .unwrap();
        // Something keeps reading and appending to a log in the site folder, faster
        // than the quiet time (a script polling the server's log did exactly this).
        let done = Arc::new(AtomicBool::new(false));
        let noise_done = done.clone();
        let noise = std::thread::spawn(move || {
            for _ in 0..100 {
                let _ = tx.send(event(
                    EventKind::Access(notify::event::AccessKind::Any),
                    &["/s/serve.log"],
                ));
                let _ = tx.send(event(EventKind::Modify(ModifyKind::Any), &["/s/serve.log"]));
                std::thread::sleep(Duration::from_millis(10));
            }
            noise_done.store(true, Ordering::SeqCst);
        });
        let set = next_changes(&rx, waits(50, LONGEST), classify).unwrap();
        assert!(
            !done.load(Ordering::SeqCst),
            "the burst waited for the noise to stop"
        );
        assert_eq!(set.content.len(), 1);
        noise.join().unwrap();
    }

    #[test]
    fn a_steady_stream_of_saves_is_cut_into_bursts() {
        let (tx, rx) = channel();
        let saver = std::thread::spawn(move || {
            for i in 0..60 {
                let path = format!("/s/content/notices/{i}.md");
                let _ = tx.send(event(EventKind::Modify(ModifyKind::Any), &[&path]));
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        let set = next_changes(&rx, waits(50, Duration::from_millis(200)), classify).unwrap();
        assert!(!set.content.is_empty());
        assert!(set.content.len() < 60, "{}", set.content.len());
        saver.join().unwrap();
    }

    fn event(kind: EventKind, paths: &[&str]) -> notify::Result<notify::Event> {
        let mut e = notify::Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        Ok(e)
    }

    #[test]
    fn an_atomic_save_is_one_change_of_the_real_file() {
        let (tx, rx) = channel();
        // An editor writes a temporary file and renames it over the original.
        tx.send(event(
            EventKind::Create(CreateKind::File),
            &["/s/content/penalties/.2025.yaml.tmp123"],
        ))
        .unwrap();
        tx.send(event(
            EventKind::Modify(ModifyKind::Any),
            &["/s/content/penalties/.2025.yaml.tmp123"],
        ))
        .unwrap();
        tx.send(event(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &[
                "/s/content/penalties/.2025.yaml.tmp123",
                "/s/content/penalties/2025.yaml",
            ],
        ))
        .unwrap();
        drop(tx);
        let set = next_changes(&rx, waits(10, LONGEST), classify).unwrap();
        assert_eq!(
            set.content.into_iter().collect::<Vec<_>>(),
            vec![PathBuf::from("/s/content/penalties/2025.yaml")]
        );
        assert!(!set.config && !set.templates);
    }

    #[test]
    fn a_folder_that_cannot_be_watched_is_named_with_what_to_do() {
        let dir = Path::new("/s/themes/default");
        let limit = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
        let msg = watch_failure(dir, &limit);
        assert!(
            msg.contains("/s/themes/default") && msg.contains("max_user_watches"),
            "{msg}"
        );
        let other = notify::Error::generic("permission denied");
        let msg = watch_failure(dir, &other);
        assert!(
            msg.contains("permission denied") && msg.contains("restart"),
            "{msg}"
        );
    }

    #[test]
    fn scratch_only_bursts_are_not_a_change() {
        let mut set = ChangeSet::default();
        set.add(c("/s/content/x/.a.swp"));
        set.add(c("/s/content/x/4913"));
        assert!(set.is_empty());
    }
}
