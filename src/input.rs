//! Reading `FILE|-` arguments and walking directories of captures.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Whether a `FILE|-` argument means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A body read from a file or standard input.
pub enum Bytes {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Mapped(m) => m,
        }
    }
}

impl Bytes {
    pub fn into_vec(self) -> Vec<u8> {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Mapped(m) => m.to_vec(),
        }
    }
}

/// Files at least this large are mapped rather than copied: reading 64 MiB into fresh memory
/// costs more in page faults (~40 ms here) than hashing it.
const MAP_AT: u64 = 16 << 20;

/// Reads a file, or standard input for `-`, as raw bytes.
pub fn read(path: &Path) -> Result<Bytes> {
    if is_stdin(path) {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .context("could not read the body from standard input")?;
        return Ok(Bytes::Owned(buf));
    }
    let context = || format!("could not read '{}'", path.display());
    let file = std::fs::File::open(path).with_context(context)?;
    let meta = file.metadata().with_context(context)?;
    if meta.is_file() && meta.len() >= MAP_AT {
        // SAFETY: the map is read-only and lives no longer than this run. Were another process
        // to truncate the file while it is mapped, reading past the new end would stop the
        // process with SIGBUS: the trade ripgrep makes for large files too.
        if let Ok(map) = unsafe { memmap2::MmapOptions::new().populate().map(&file) } {
            return Ok(Bytes::Mapped(map));
        }
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    (&file).read_to_end(&mut buf).with_context(context)?;
    Ok(Bytes::Owned(buf))
}

/// The label for a `FILE|-` argument in output.
pub fn label(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Capture files named on the command line: files as given, directories searched recursively
/// for `*.json` (hidden entries skipped), each directory's files in name order. A `*.json`
/// symbolic link that leads nowhere (dangling, or looping) is listed too: reading it fails
/// with an error that names it, and the caller reports that file and goes on with the others.
pub fn capture_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .with_context(|| format!("could not read '{}'", path.display()))?;
        if meta.is_dir() {
            let before = out.len();
            walk(path, &mut out)?;
            if out.len() == before {
                bail!("no capture files (*.json) under '{}'", path.display());
            }
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("could not read directory '{}'", dir.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("could not read directory '{}'", dir.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Symbolic links to directories are not followed: they could loop.
        let kind = entry
            .file_type()
            .with_context(|| format!("could not read '{}'", path.display()))?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json")
            && (kind.is_file() || std::fs::metadata(&path).map_or(true, |m| m.is_file()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// `read` of every file, in the files' order, on every core once there are thousands of them
/// (`replay` reads the store so, and `listen` its last day's captures).
pub fn each_file<T: Send>(files: &[PathBuf], read: impl Fn(&Path) -> T + Sync) -> Vec<T> {
    let read = &read;
    let all = |chunk: &[PathBuf]| chunk.iter().map(|p| read(p)).collect::<Vec<T>>();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(files.len() / 512).max(1);
    if threads == 1 {
        return all(files);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(files.len().div_ceil(threads))
            .map(|chunk| scope.spawn(move || all(chunk)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_json_recursively_in_order_skipping_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b/c")).unwrap();
        std::fs::create_dir_all(d.join(".hidden")).unwrap();
        for f in [
            "b/c/z.json",
            "b/a.json",
            "a.json",
            "notes.md",
            ".tmp.json",
            ".hidden/x.json",
        ] {
            std::fs::write(d.join(f), "{}").unwrap();
        }
        let got = capture_files(&[d.to_path_buf()]).unwrap();
        let rel: Vec<_> = got
            .iter()
            .map(|p| p.strip_prefix(d).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(rel, ["a.json", "b/a.json", "b/c/z.json"]);
    }

    #[test]
    #[cfg(unix)]
    fn json_links_that_lead_nowhere_are_listed_for_the_reader_to_name() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.json"), "{}").unwrap();
        std::os::unix::fs::symlink(d.join("gone.json"), d.join("b-dangling.json")).unwrap();
        std::os::unix::fs::symlink(d.join("c-loop.json"), d.join("c-loop.json")).unwrap();
        std::os::unix::fs::symlink(d.join("a.json"), d.join("d-link.json")).unwrap();
        std::os::unix::fs::symlink(d.join("gone"), d.join("e-dangling.txt")).unwrap();
        let got = capture_files(&[d.to_path_buf()]).unwrap();
        let names: Vec<_> = got.iter().map(|p| p.file_name().unwrap()).collect();
        assert_eq!(
            names,
            ["a.json", "b-dangling.json", "c-loop.json", "d-link.json"]
        );
    }

    #[test]
    fn small_and_large_files_read_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0usize, 5, MAP_AT as usize + 3] {
            let p = dir.path().join(format!("f{len}"));
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            std::fs::write(&p, &data).unwrap();
            let got = read(&p).unwrap();
            assert_eq!(matches!(got, Bytes::Mapped(_)), len as u64 >= MAP_AT);
            assert_eq!(&*got, &data[..]);
        }
    }

    #[test]
    fn each_file_keeps_the_files_order_on_any_number_of_cores() {
        for n in [0, 3, 5000] {
            let files: Vec<PathBuf> = (0..n).map(|i| PathBuf::from(i.to_string())).collect();
            let got = each_file(&files, |p| p.to_str().unwrap().parse::<usize>().unwrap());
            assert_eq!(got, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn empty_directory_and_missing_path_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let e = capture_files(&[dir.path().to_path_buf()])
            .unwrap_err()
            .to_string();
        assert!(e.contains("no capture files"), "{e}");
        let e = capture_files(&[dir.path().join("nope")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("could not read"), "{e}");
    }
}
