//! What every integration test module needs.

use std::path::PathBuf;

/// The repository's root, where `fixtures/` and `examples/` are.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
