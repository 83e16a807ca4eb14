//! Golden files under `tests/golden/`: compared byte for byte; `UPDATE_GOLDEN=1 cargo test`
//! rewrites them.

use std::path::PathBuf;

/// Compares `actual` with `tests/golden/<name>`, or rewrites the file when UPDATE_GOLDEN is set.
pub fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}: run UPDATE_GOLDEN=1 cargo test", path.display()));
    pretty_assertions::assert_eq!(expected, actual, "golden file {name} differs");
}
