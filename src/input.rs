//! Reading `FILE|-` arguments and walking directories of captures.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Whether a `FILE|-` argument means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads a file, or standard input for `-`, as raw bytes.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    if is_stdin(path) {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .context("could not read the body from standard input")?;
        Ok(buf)
    } else {
        std::fs::read(path).with_context(|| format!("could not read '{}'", path.display()))
    }
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
/// for `*.json` (hidden entries skipped), each directory's files in name order.
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
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json")
            && std::fs::metadata(&path)?.is_file()
        {
            out.push(path);
        }
    }
    Ok(())
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
