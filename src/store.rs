//! Where `listen` keeps captures: one file per delivery, written atomically (a hidden temp file
//! in the same directory, then a rename) with owner-only permissions, so a reader never sees a
//! torn file and nobody else on the machine can read a delivery. A durable store also waits
//! for the file and its name to reach the disk before `save` returns, so a delivery answered
//! 200 survives a power cut or a system crash, not just a crash of hookscope.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};

use crate::capture::{Capture, Extra};

pub struct Store {
    pub dir: PathBuf,
    /// Whether `save` waits for each capture to reach the disk (fsync of file and directory).
    pub durable: bool,
}

/// How old a hidden temporary file in the store must be before it is taken for one left by
/// a hookscope that was killed mid-write (`kill -9`, a power cut) rather than one being written.
pub const STALE_TEMPORARY_AGE: Duration = Duration::from_secs(60 * 60);

/// The id of a file `listen` stored a capture in, `<UUIDv7>.json`, and when that id was made;
/// `None` for any other name (not a capture `listen` wrote). The store's readers choose by
/// this alone, without opening a file.
pub fn capture_name(name: &OsStr) -> Option<(&str, SystemTime)> {
    let id = name.to_str()?.strip_suffix(".json")?;
    Some((id, crate::capture::id_time(id)?))
}

/// The default store: `$XDG_STATE_HOME/hookscope/captures`, else `~/.local/state/hookscope/captures`.
pub fn default_dir() -> Option<PathBuf> {
    default_dir_in(std::env::var_os("XDG_STATE_HOME"), std::env::var_os("HOME"))
}

/// Where the secrets platforms hand over in a handshake are kept (Asana's `X-Hook-Secret`):
/// beside the default store, in hookscope's state directory.
pub fn handed_over_dir() -> Option<PathBuf> {
    Some(default_dir()?.parent()?.join("handed-over"))
}

/// A secret a platform handed over for one endpoint path, kept owner-only.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HandedOver {
    pub platform: String,
    pub path: String,
    pub secret: String,
}

impl HandedOver {
    /// The path a handed-over secret is kept and found under: the target without its query or
    /// a final `/` (an endpoint serves both spellings).
    pub fn key(target: &str) -> String {
        let path = target.split('?').next().unwrap_or_default();
        match path.trim_end_matches('/') {
            "" => "/".to_string(),
            p => p.to_string(),
        }
    }

    /// Keeps it in `dir` (made owner-only), one file per platform and path; returns the file.
    pub fn keep(&self, dir: &Path) -> std::io::Result<PathBuf> {
        use sha2::Digest;
        create_private_dir(dir)?;
        let digest = sha2::Sha256::digest(self.path.as_bytes());
        let file = dir.join(format!(
            "{}-{}.json",
            self.platform,
            hex::encode(&digest[..8])
        ));
        let json = serde_json::to_vec_pretty(self).expect("strings always serialise");
        let tmp = dir.join(format!(".{}.tmp", uuid::Uuid::now_v7().simple()));
        write_private(&tmp, &json, true).and_then(|_| std::fs::rename(&tmp, &file))?;
        Ok(file)
    }

    /// Every secret kept in `dir` (none when it does not exist); unreadable files are skipped.
    pub fn all_in(dir: &Path) -> Vec<HandedOver> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .filter_map(|e| serde_json::from_slice(&std::fs::read(e.path()).ok()?).ok())
            .collect()
    }
}

/// [`default_dir`] for these values of `XDG_STATE_HOME` and `HOME`. An empty or relative
/// `XDG_STATE_HOME` is ignored, as the XDG base directory specification says.
fn default_dir_in(xdg_state_home: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let state = xdg_state_home
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            home.filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/state"))
        })?;
    Some(state.join("hookscope").join("captures"))
}

impl Store {
    /// Opens (creating with mode 0700 if needed) and proves writable with a probe file.
    pub fn open(dir: &Path, durable: bool) -> Result<Store> {
        if dir.exists() && !dir.is_dir() {
            anyhow::bail!("the store '{}' is not a directory", dir.display());
        }
        // The directories this creates, innermost first: a durable store syncs each one's
        // parent, so the store itself survives a power cut, not only the files in it.
        let created: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
        create_private_dir(dir)
            .and_then(|_| match durable {
                true => created
                    .iter()
                    .filter_map(|d| d.parent())
                    .map(|p| match p.as_os_str().is_empty() {
                        true => Path::new("."),
                        false => p,
                    })
                    .try_for_each(sync_dir),
                false => Ok(()),
            })
            .with_context(|| format!("could not create the store '{}'", dir.display()))?;
        let probe = dir.join(format!(".probe-{}.tmp", std::process::id()));
        write_private(&probe, b"", false)
            .and_then(|_| std::fs::remove_file(&probe))
            .with_context(|| format!("the store '{}' is not writable", dir.display()))?;
        Ok(Store {
            dir: dir.to_path_buf(),
            durable,
        })
    }

    pub fn path_for(&self, capture: &Capture) -> PathBuf {
        self.dir.join(format!("{}.json", capture.id))
    }

    /// Writes a capture atomically, with `extra` (what `listen` knows of it) in place of its
    /// own; returns its path.
    pub fn save(&self, capture: &Capture, extra: Option<&Extra>) -> Result<PathBuf> {
        let path = self.path_for(capture);
        let tmp = self.dir.join(format!(".{}.tmp", capture.id));
        let mut result = write_private(&tmp, &capture.to_json_with(extra), self.durable)
            .and_then(|_| std::fs::rename(&tmp, &path));
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        } else if self.durable {
            result = sync_dir(&self.dir);
            if result.is_err() {
                // Not known to be on the disk, so not stored: the sender is told to retry, and
                // the retry must not find a copy of itself already in the store.
                let _ = std::fs::remove_file(&path);
            }
        }
        result
            .with_context(|| format!("could not store the capture in '{}'", self.dir.display()))?;
        Ok(path)
    }

    /// The captures made from `since` to `until`, the newest `most` of them at most, oldest
    /// first (a name from after `until`, a clock that was ahead, would crowd out every real
    /// one). They are chosen by name alone: a capture's file is named by its id, a UUIDv7 that says when
    /// it was made ([`crate::capture::id_time`]), so choosing opens no file and holds at most
    /// `most` names, however many the store holds. Other names (not a UUIDv7 and `.json`) are
    /// not captures `listen` wrote, and are passed over.
    pub fn recent(
        &self,
        since: SystemTime,
        until: SystemTime,
        most: usize,
    ) -> std::io::Result<Vec<PathBuf>> {
        // The newest `most` so far, the oldest of them on top, to be dropped for a newer one.
        let mut newest: BinaryHeap<Reverse<(SystemTime, OsString)>> = BinaryHeap::new();
        for entry in std::fs::read_dir(&self.dir)? {
            let name = entry?.file_name();
            match capture_name(&name).map(|(_, made)| made) {
                Some(made) if made >= since && made <= until => {
                    newest.push(Reverse((made, name)));
                    if newest.len() > most {
                        newest.pop();
                    }
                }
                _ => {}
            }
        }
        let mut chosen: Vec<(SystemTime, OsString)> =
            newest.into_iter().map(|Reverse(n)| n).collect();
        chosen.sort();
        Ok(chosen
            .into_iter()
            .map(|(_, name)| self.dir.join(name))
            .collect())
    }

    /// Removes the hidden temporary files (`.*.tmp`: a capture's `.ID.tmp`, the open probe's
    /// `.probe-PID.tmp`) last modified more than `older_than` ago, and returns how many it
    /// removed. A hookscope killed between writing one and renaming it into place leaves it
    /// behind for good: readers skip hidden files, and no later save reuses its name. A file
    /// younger than `older_than` (see [`STALE_TEMPORARY_AGE`]) may be another hookscope's save
    /// under way, and is left alone; so are directories, links and every other name.
    pub fn sweep_stale_temporaries(&self, older_than: Duration) -> std::io::Result<usize> {
        let now = SystemTime::now();
        let mut removed = 0;
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let temporary = name
                .to_str()
                .and_then(|n| n.strip_prefix('.'))
                .and_then(|n| n.strip_suffix(".tmp"))
                .is_some();
            if !temporary {
                continue;
            }
            let meta = match entry.metadata() {
                Ok(m) => m,
                // Renamed or removed since the directory was read: not ours to count.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            // A time in the future is no age: such a file is left alone.
            let stale = now
                .duration_since(meta.modified()?)
                .is_ok_and(|age| age > older_than);
            if !meta.is_file() || !stale {
                continue;
            }
            match std::fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(removed)
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Makes a rename in `dir` survive a power cut (the file's own data is synced before).
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Other systems cannot open a directory as a file; their renames are left to the system.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

fn write_private(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut file = opts.open(path)?;
    file.write_all(bytes)?;
    if durable {
        file.sync_data()
    } else {
        file.flush()
    }
}

/// Whether a directory can be read or entered by anyone but its owner.
#[cfg(unix)]
pub fn shared_with_others(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
pub fn shared_with_others(_dir: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    #[cfg(unix)]
    fn captures_are_owner_only_and_atomic() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        let store = Store::open(&dir, true).unwrap();
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        let c = Capture::new("POST", "/", vec![], b"x".to_vec());
        let path = store.save(&c, None).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(Capture::read(&path).unwrap(), c);
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temp or probe files left: {names:?}");
        assert!(!shared_with_others(&dir));
    }

    #[test]
    fn a_store_that_does_not_wait_for_the_disk_writes_the_same_files() {
        let root = tempfile::tempdir().unwrap();
        let fast = Store::open(&root.path().join("fast"), false).unwrap();
        let durable = Store::open(&root.path().join("durable"), true).unwrap();
        let c = Capture::new("POST", "/x", vec![], b"{\"a\":1}".to_vec());
        let (a, b) = (
            fast.save(&c, None).unwrap(),
            durable.save(&c, None).unwrap(),
        );
        assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    }

    #[test]
    fn temporaries_left_by_a_killed_save_are_swept_once_an_hour_old() {
        let root = tempfile::tempdir().unwrap();
        let store = Store::open(root.path(), false).unwrap();
        let capture = store
            .save(&Capture::new("POST", "/", vec![], b"x".to_vec()), None)
            .unwrap();
        let dir = root.path();
        let now = SystemTime::now();
        let aged = |name: &str, age: Duration| {
            let path = dir.join(name);
            std::fs::write(&path, b"{").unwrap();
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            let times = std::fs::FileTimes::new().set_modified(now - age);
            file.set_times(times).unwrap();
            path
        };
        let hour = STALE_TEMPORARY_AGE;
        let killed = aged(".019aa3c2-5b1e-7c3d-9f00-000000000001.tmp", hour * 2);
        let probe = aged(".probe-4242.tmp", hour + Duration::from_secs(60));
        let in_progress = aged(".019aa3c2-5b1e-7c3d-9f00-000000000002.tmp", hour / 2);
        let not_hidden = aged("notes.tmp", hour * 2);
        let other_hidden = aged(".keep", hour * 2);
        let bare = aged(".tmp", hour * 2);
        std::fs::create_dir(dir.join(".dir.tmp")).unwrap();
        let future = dir.join(".future.tmp");
        std::fs::write(&future, b"{").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&future)
            .unwrap()
            .set_modified(now + hour)
            .unwrap();

        assert_eq!(store.sweep_stale_temporaries(hour).unwrap(), 2);
        assert!(!killed.exists() && !probe.exists());
        for kept in [
            &capture,
            &in_progress,
            &not_hidden,
            &other_hidden,
            &bare,
            &future,
        ] {
            assert!(kept.exists(), "{} was removed", kept.display());
        }
        assert!(dir.join(".dir.tmp").is_dir());
        assert_eq!(store.sweep_stale_temporaries(hour).unwrap(), 0);
    }

    #[test]
    fn recent_captures_are_chosen_by_name_newest_first_and_listed_oldest_first() {
        let root = tempfile::tempdir().unwrap();
        let store = Store::open(root.path(), false).unwrap();
        let now = SystemTime::now();
        let hour = Duration::from_secs(3600);
        let named = |ago: Duration, n: u8| {
            let ms = (now - ago).duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
            let id = uuid::Builder::from_unix_timestamp_millis(ms, &[n; 10]).into_uuid();
            let name = format!("{id}.json");
            // What the files hold does not matter: only their names are read.
            std::fs::write(root.path().join(&name), b"").unwrap();
            name
        };
        let old = named(hour * 25, 1);
        let (a, b, c) = (named(hour * 3, 2), named(hour * 2, 3), named(hour, 4));
        let future = named(Duration::ZERO, 5);
        // Not captures listen wrote: another UUID version, other names, a hidden temporary.
        let v4 = "67e55044-10b1-426f-9247-bb680e5fe0c8.json";
        std::fs::write(root.path().join(v4), b"").unwrap();
        std::fs::write(root.path().join("notes.json"), b"").unwrap();
        std::fs::write(
            root.path()
                .join(format!(".{}.tmp", crate::capture::new_id())),
            b"",
        )
        .unwrap();
        let stem = a.trim_end_matches(".json");
        std::fs::write(root.path().join(format!("{stem}.txt")), b"").unwrap();

        // From a clock that was ahead: never chosen.
        let ms = (now + hour * 2)
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        let ahead = uuid::Builder::from_unix_timestamp_millis(ms, &[9; 10]).into_uuid();
        std::fs::write(root.path().join(format!("{ahead}.json")), b"").unwrap();
        let names = |since: SystemTime, most: usize| -> Vec<String> {
            store
                .recent(since, now + hour / 60, most)
                .unwrap()
                .iter()
                .map(|p| p.file_name().unwrap().to_str().unwrap().to_string())
                .collect()
        };
        let day_ago = now - hour * 24;
        assert_eq!(names(day_ago, 10), [&a, &b, &c, &future].map(String::clone));
        assert_eq!(names(day_ago, 2), [&c, &future].map(String::clone));
        assert_eq!(names(day_ago, 0), Vec::<String>::new());
        assert_eq!(
            names(UNIX_EPOCH, 10),
            [&old, &a, &b, &c, &future].map(String::clone)
        );
        assert_eq!(names(now + hour, 10), Vec::<String>::new());
    }

    #[test]
    fn default_dir_follows_xdg_state_home() {
        // The environment is the test's, not the runner's: every case asserts.
        let dir = |xdg: Option<&Path>, home: Option<&Path>| {
            default_dir_in(xdg.map(OsString::from), home.map(OsString::from))
        };
        // Absolute paths on any system.
        let base = std::env::current_dir().unwrap();
        let (state, home) = (base.join("state"), base.join("home"));
        let d = dir(Some(&state), Some(&home)).unwrap();
        assert!(d.ends_with("hookscope/captures"), "{}", d.display());
        assert_eq!(d, state.join("hookscope/captures"));
        let from_home = Some(home.join(".local/state/hookscope/captures"));
        for ignored in [None, Some(Path::new("")), Some(Path::new("relative/state"))] {
            assert_eq!(dir(ignored, Some(&home)), from_home, "{ignored:?}");
        }
        assert_eq!(dir(None, None), None);
        assert_eq!(dir(Some(Path::new("")), Some(Path::new(""))), None);
        assert_eq!(dir(Some(Path::new("relative")), None), None);
    }
}
