//! The committed completions and man pages must be what the code generates.
//! Rewrite them with: HOOKSCOPE_UPDATE_COMPLETIONS=1 cargo test --test it completions

use std::path::Path;

#[test]
fn committed_completions_and_man_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("HOOKSCOPE_UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    let files = hookscope::completions::generated_files().unwrap();
    for (name, content) in &files {
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, content).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(content.as_slice()) {
            stale.push(name.clone());
        }
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    on_disk.retain(|n| !files.iter().any(|(f, _)| f == n));
    assert!(
        stale.is_empty() && on_disk.is_empty(),
        "completions/ is out of date (stale: {stale:?}, not generated: {on_disk:?}); \
         run: HOOKSCOPE_UPDATE_COMPLETIONS=1 cargo test --test it completions"
    );
}

/// The man pages, each as its name (`hookscope-listen`) and its roff text.
fn man_pages() -> Vec<(String, String)> {
    hookscope::completions::generated_files()
        .unwrap()
        .into_iter()
        .filter_map(|(file, roff)| {
            let name = file.strip_suffix(".1")?.to_string();
            Some((name, String::from_utf8(roff).unwrap()))
        })
        .collect()
}

/// Issue #15: hookscope(1) listed hookscope-help(1), clap's `help` subcommand, which has no
/// page. Every page a page names is one that is generated, hookscope(1) names each
/// subcommand's and each of those names hookscope(1); `hookscope help` itself still works.
#[test]
fn man_pages_name_only_pages_that_exist() {
    let pages = man_pages();
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    for (name, roff) in &pages {
        let text = roff
            .replace("\\fB", "")
            .replace("\\fR", "")
            .replace("\\fI", "")
            .replace("\\-", "-");
        let named: Vec<&str> = text
            .match_indices("(1)")
            .map(|(at, _)| {
                let before = &text[..at];
                let start = before
                    .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .map_or(0, |i| i + 1);
                &before[start..]
            })
            .filter(|page| !page.is_empty())
            .collect();
        for page in &named {
            assert!(
                names.contains(page),
                "{name}(1) names {page}(1), which is not generated (pages: {names:?})"
            );
        }
        let wanted: Vec<&str> = if name == "hookscope" {
            names
                .iter()
                .copied()
                .filter(|n| *n != "hookscope")
                .collect()
        } else {
            vec!["hookscope"]
        };
        for page in wanted {
            assert!(named.contains(&page), "{name}(1) does not name {page}(1)");
        }
    }
    assert!(names.contains(&"hookscope-listen") && !names.contains(&"hookscope-help"));
    let help = crate::common::run(&["help", "listen"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("Usage: hookscope listen"));
}

/// Issue #15: the notes after the options were copied line by line as the terminal shows
/// them, and a roff text line that starts with a space breaks the line there, so `man` kept
/// the terminal's breaks at every width. Outside an example (`.nf` … `.fi`), no text line
/// starts with a space.
#[test]
fn man_page_prose_has_no_line_breaks_of_its_own() {
    for (name, roff) in man_pages() {
        let mut verbatim = false;
        for (n, line) in roff.lines().enumerate() {
            match line {
                ".nf" => verbatim = true,
                ".fi" => verbatim = false,
                _ if !verbatim && line.starts_with([' ', '\t']) => panic!(
                    "{name}.1 line {}: a text line that starts with a space breaks the paragraph there: {line:?}",
                    n + 1
                ),
                _ => {}
            }
        }
        assert!(
            !verbatim,
            "{name}.1 ends inside an example (.nf without .fi)"
        );
        assert!(
            !roff.contains(".SH EXTRA"),
            "{name}.1 still has clap_mangen's EXTRA section"
        );
        // Hyphenation off before any text: a flag or a path split at a line's end is copied
        // wrong.
        let nh = roff.find("\n.nh\n");
        assert!(
            nh.is_some_and(|at| at < roff.find(".SH NAME").unwrap()),
            "{name}.1 does not turn hyphenation off (.nh) before its text"
        );
    }
}

/// A page as a terminal `width` columns wide shows it: groff's man macros, as `man` runs
/// them (UTF-8 in, plain text out), without hyphenation so that words can be compared. None
/// when groff is not installed; under CI it must be (Debian's groff-base is on the machine).
fn rendered(name: &str, roff: &str, width: usize) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let child = Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-rHY=0", "-P-cbou"])
        .arg(format!("-rLL={width}n"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
            eprintln!("groff is not installed: {name}.1 is not rendered");
            return None;
        }
        Err(e) => panic!("could not run groff to render {name}.1: {e}"),
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(roff.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "groff failed on {name}.1");
    Some(String::from_utf8(out.stdout).unwrap())
}

/// The words of a text, for comparing the terminal's notes with the man page's: without case
/// and without the colons and brackets that a heading loses or gains there.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace([':', '(', ')'], " ")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Whether a line at an item's indentation (7) also starts its text (at 14): its tag is
/// shorter than the indentation.
fn tag_with_text(line: &str, tags: &[&str]) -> bool {
    let Some(rest) = line.strip_prefix("       ") else {
        return false;
    };
    tags.iter().any(|tag| {
        tag.len() < 7
            && rest.strip_prefix(tag).is_some_and(|after| {
                let gap = 7 - tag.len();
                after.len() > gap && after.as_bytes()[..gap].iter().all(|b| *b == b' ')
            })
    })
}

/// Issue #15, as `man` shows it: at 60 and at 100 columns, the notes (exit codes, answers)
/// are filled to the width as paragraphs, each item's text at one indentation and each line
/// full before the next begins, with the same words as `--help` in the same order; the
/// examples are shown as written, a line each.
#[test]
fn man_pages_fill_the_notes_at_any_width() {
    const SECTIONS: [&str; 3] = ["EXIT CODES", "ANSWERS", "EXAMPLES"];
    for (name, roff) in man_pages() {
        let args: Vec<&str> = name
            .strip_prefix("hookscope-")
            .into_iter()
            .chain(["--help"])
            .collect();
        let help = crate::common::run(&args);
        let help = String::from_utf8(help.stdout).unwrap();
        let notes = help.find("\nExit codes").map(|at| &help[at + 1..]);
        let examples: Vec<&str> = notes
            .and_then(|n| n.split_once("\nExamples:\n"))
            .map(|(_, e)| {
                e.lines()
                    .map(|l| l.strip_prefix("  ").unwrap_or(l))
                    .collect()
            })
            .unwrap_or_default();
        // The items' tags (`0`, `200 {"ok":true}`): a tag shorter than the indentation has
        // its text beside it.
        let tags: Vec<&str> = notes
            .into_iter()
            .flat_map(str::lines)
            .filter_map(|l| l.strip_prefix("  ")?.split_once("  ").map(|(tag, _)| tag))
            .filter(|tag| !tag.starts_with(' '))
            .collect();
        for width in [60, 100] {
            let Some(page) = rendered(&name, &roff, width) else {
                return;
            };
            let lines: Vec<&str> = page.lines().collect();
            let start = lines.iter().position(|l| *l == "EXIT CODES");
            let (Some(notes), Some(start)) = (notes, start) else {
                assert!(
                    notes.is_none() && start.is_none(),
                    "{name}: the notes are in only one of --help and the man page"
                );
                continue;
            };
            let end = lines[start..]
                .iter()
                .position(|l| !l.is_empty() && !l.starts_with(' ') && !SECTIONS.contains(l))
                .map_or(lines.len(), |n| start + n);
            let shown = &lines[start..end];
            assert_eq!(
                words(&shown.join("\n")),
                words(notes),
                "{name} at {width} columns: the man page's notes are not --help's"
            );
            let mut section = "";
            for (i, line) in shown.iter().enumerate() {
                if SECTIONS.contains(line) {
                    section = line;
                    continue;
                }
                if section == "EXAMPLES" || line.is_empty() {
                    continue;
                }
                let at =
                    |what: &str| format!("{name} at {width} columns, {section}: {what}: {line:?}");
                let indent = line.len() - line.trim_start().len();
                assert!(
                    indent == 7 || indent == 14,
                    "{}",
                    at("a line of an item is its tag (at 7) or its text (at 14)")
                );
                assert!(
                    line.chars().count() <= width,
                    "{}",
                    at("a line is wider than the page")
                );
                // A line is followed in its paragraph only when the next word did not fit on
                // it. (A tag too long for the indentation is a line of its own.)
                let has_text = indent == 14 || tag_with_text(line, &tags);
                let next = shown.get(i + 1).filter(|l| l.starts_with(&" ".repeat(14)));
                if let Some(next) = next.filter(|_| has_text) {
                    let word = next.split_whitespace().next().unwrap();
                    assert!(
                        line.chars().count() + 1 + word.chars().count() > width,
                        "{}",
                        at(&format!(
                            "the line is broken before {word:?}, which fits on it"
                        ))
                    );
                }
            }
            let examples_shown: Vec<&str> = shown
                .iter()
                .skip_while(|l| **l != "EXAMPLES")
                .skip(1)
                .filter(|l| !l.is_empty())
                .map(|l| l.strip_prefix("       ").unwrap_or(l))
                .collect();
            assert_eq!(
                examples_shown, examples,
                "{name} at {width} columns: the examples are not shown as written"
            );
        }
    }
}
