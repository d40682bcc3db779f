//! The committed completions and man pages must be what the code generates.
//! Rewrite them with: HOOKSCOPE_UPDATE_COMPLETIONS=1 cargo test --test it completions

use std::path::Path;

#[test]
fn committed_completions_and_man_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("HOOKSCOPE_UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    let files = hookscope::completions::generated_files();
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
