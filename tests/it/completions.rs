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
