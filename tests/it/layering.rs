//! The architecture's layers, checked on the source: the terminal libraries only in
//! `src/tui/`, the disk only in `src/store/`, and no wall clock in the pure core (model,
//! catalog, scoring, seal, diff, report), which takes "now" and "today" as values from the
//! shells; `model` below every other layer; snapshot sealing, canonical form and migration
//! in the pure `src/seal/`, none of it in `src/store/`; inside `src/tui/`, the clock only in
//! the shell and no import circle between its files.
//! Test code (`#[cfg(test)]` modules and below) is not checked.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(sources(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// The file's code before its first `#[cfg(test)]`, without `//` comments, as
/// (line number, line) pairs. A file named `tests.rs` or `testkit.rs` is test code.
fn code(path: &Path) -> Vec<(usize, String)> {
    let name = path.file_name().unwrap().to_string_lossy();
    if name == "tests.rs" || name == "testkit.rs" || name == "proptests.rs" {
        return Vec::new();
    }
    let text = std::fs::read_to_string(path).expect("source");
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or_default().to_string()))
        .collect()
}

/// Whether `token` occurs in `line` as a whole path segment (`refs::` is not `fs::`).
fn has_token(line: &str, token: &str) -> bool {
    line.match_indices(token).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Lines outside `allowed` folders that use any of `tokens`, as `file:line: text`.
fn uses_outside(tokens: &[&str], allowed: &[&str], exempt: &[(&str, &str)]) -> Vec<String> {
    let mut found = Vec::new();
    for path in sources(Path::new("src")) {
        let shown = path.display().to_string();
        if allowed.iter().any(|a| shown.starts_with(a)) {
            continue;
        }
        for (n, line) in code(&path) {
            let hit = tokens.iter().any(|t| has_token(&line, t));
            let excused = (exempt.iter()).any(|(f, what)| shown == *f && line.contains(what));
            if hit && !excused {
                found.push(format!("{shown}:{n}: {}", line.trim()));
            }
        }
    }
    found
}

/// Fails naming every line `found`, under the heading `what`.
fn assert_none(found: Vec<String>, what: &str) {
    assert!(found.is_empty(), "{what}:\n{}", found.join("\n"));
}

#[test]
fn terminal_libraries_only_in_the_tui() {
    let found = uses_outside(&["ratatui", "crossterm"], &["src/tui/"], &[]);
    assert_none(found, "terminal code outside src/tui/");
}

#[test]
fn the_disk_only_through_the_store() {
    let tokens = [
        "std::fs",
        "fs::",
        "File::open",
        "File::create",
        "OpenOptions",
    ];
    // The one exception is not the disk: probing the controlling terminal device.
    let exempt = [("src/tui/run.rs", "std::fs::OpenOptions::new()")];
    let found = uses_outside(&tokens, &["src/store/"], &exempt);
    assert_none(found, "file access outside src/store/");
}

#[test]
fn the_pure_core_never_reads_the_clock() {
    let tokens = ["::now()", "SystemTime", "today_utc"];
    let shells = [
        "src/cli/",
        "src/tui/",
        "src/store/",
        "src/main.rs",
        "src/clock.rs",
        "src/synth.rs",
    ];
    let found = uses_outside(&tokens, &shells, &[]);
    assert_none(found, "the clock read in the pure core");
}

/// Lines inside the `dir` folder that use any of `tokens`, as `file:line: text`.
fn uses_inside(dir: &str, tokens: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for path in sources(Path::new(dir)) {
        let shown = path.display().to_string();
        for (n, line) in code(&path) {
            if tokens.iter().any(|t| has_token(&line, t)) {
                found.push(format!("{shown}:{n}: {}", line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_model_imports_no_layer_above_it() {
    let layers = [
        "crate::scoring",
        "crate::store",
        "crate::report",
        "crate::seal",
        "crate::diff",
        "crate::catalog",
        "crate::tui",
        "crate::cli",
        "super::super::",
    ];
    let found = uses_inside("src/model", &layers);
    assert_none(found, "src/model/ depends on a layer above it");
}

#[test]
fn the_seal_is_pure() {
    // Serializing into a byte buffer (serde's formatter writes through `std::io::Write`) is
    // not I/O; files, standard streams, the environment, threads' clocks and the store are.
    let io = [
        "std::fs",
        "fs::",
        "File",
        "OpenOptions",
        "stdout",
        "stderr",
        "std::env",
        "std::net",
        "std::process",
        "::now()",
        "SystemTime",
        "Instant",
        "today_utc",
        "crate::store",
        "crate::tui",
        "crate::cli",
    ];
    let found = uses_inside("src/seal", &io);
    assert_none(found, "I/O, the clock or a shell in src/seal/");
}

#[test]
fn the_store_keeps_no_seal_logic_of_its_own() {
    // Hashing, the canonical byte form and snapshot migration are `crate::seal`'s; the store
    // calls them.
    let logic = [
        "sha2",
        "Sha256",
        "Digest",
        "serde_json::Serializer",
        "Formatter for",
        "SNAPSHOT_VERSION =>",
        "v0_to_v1",
    ];
    let found = uses_inside("src/store", &logic);
    assert_none(found, "seal logic in src/store/");
}

#[test]
fn the_checks_see_a_violation() {
    // Guard against a check that passes because it reads nothing.
    assert!(sources(Path::new("src/scoring")).len() > 5);
    assert!(!uses_outside(&["pub fn"], &[], &[]).is_empty());
    assert!(uses_outside(&["std::fs"], &["src/"], &[]).is_empty());
    assert!(!uses_inside("src/store", &["std::fs"]).is_empty());
    assert!(!uses_inside("src/seal", &["canonical::"]).is_empty());
}

#[test]
fn the_tui_state_machine_gets_the_clock_from_the_shell() {
    // The shell (`run`) sets the time on the context before each message; the effects it
    // performs (`persist`) stamp files; `Ctx::new` starts from the time it is built.
    let tokens = ["::now()", "SystemTime", "today_utc"];
    let shell = ["src/tui/run.rs", "src/tui/persist.rs"];
    let found: Vec<String> = uses_inside("src/tui", &tokens)
        .into_iter()
        .filter(|hit| !shell.iter().any(|s| hit.starts_with(s)))
        .filter(|hit| !(hit.starts_with("src/tui/ctx.rs") && hit.contains("let now =")))
        .collect();
    assert_none(
        found,
        "the clock read inside the TUI's state machine or views",
    );
}

/// The module a file under `src/tui/` is, as a path below `tui` (`screens::risk::draw`).
fn tui_module(path: &Path) -> Vec<String> {
    let rel = path.strip_prefix("src/tui").expect("under src/tui");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The modules of `src/tui/` a file's code names (`super::…`, `crate::tui::…`), resolved
/// to the longest known module path.
fn tui_imports(path: &Path, module: &[String], known: &[Vec<String>]) -> Vec<Vec<String>> {
    let is_dir_module = path.file_name().is_some_and(|n| n == "mod.rs");
    let mut out = Vec::new();
    let text: String = code(path).into_iter().map(|(_, l)| l + "\n").collect();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == ':';
    for (i, _) in text
        .match_indices("super::")
        .chain(text.match_indices("crate::tui::"))
    {
        if text[..i].chars().next_back().is_some_and(word) {
            continue;
        }
        let path_text: String = text[i..].chars().take_while(|c| word(*c)).collect();
        let mut segs: Vec<&str> = path_text.split("::").filter(|s| !s.is_empty()).collect();
        let base: Vec<String> = if segs.first() == Some(&"crate") {
            segs.drain(..2);
            Vec::new()
        } else {
            let mut b = module.to_vec();
            if !is_dir_module {
                b.pop();
            }
            segs.remove(0);
            while segs.first() == Some(&"super") {
                segs.remove(0);
                b.pop();
            }
            if is_dir_module {
                b.pop();
            }
            b
        };
        let longest = (1..=segs.len()).rev().find_map(|n| {
            let mut cand = base.clone();
            cand.extend(segs[..n].iter().map(|s| s.to_string()));
            known.contains(&cand).then_some(cand)
        });
        if let Some(m) = longest.filter(|m| m.as_slice() != module) {
            out.push(m);
        }
    }
    out
}

#[test]
fn no_import_circle_inside_the_tui() {
    let files = sources(Path::new("src/tui"));
    let modules: Vec<Vec<String>> = files.iter().map(|f| tui_module(f)).collect();
    let edges: Vec<Vec<usize>> = (files.iter().zip(&modules))
        .map(|(f, m)| {
            let mut to: Vec<usize> = tui_imports(f, m, &modules)
                .iter()
                .filter_map(|t| modules.iter().position(|k| k == t))
                .collect();
            to.sort_unstable();
            to.dedup();
            to
        })
        .collect();
    // Depth-first search: a module met again while still on the path closes a circle.
    fn visit(
        n: usize,
        edges: &[Vec<usize>],
        state: &mut [u8],
        path: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        state[n] = 1;
        path.push(n);
        for &m in &edges[n] {
            if state[m] == 1 {
                let start = path.iter().position(|&p| p == m).unwrap_or(0);
                return Some(path[start..].to_vec());
            }
            if state[m] == 0
                && let Some(c) = visit(m, edges, state, path)
            {
                return Some(c);
            }
        }
        path.pop();
        state[n] = 2;
        None
    }
    let mut state = vec![0u8; files.len()];
    for n in 0..files.len() {
        if state[n] == 0
            && let Some(circle) = visit(n, &edges, &mut state, &mut Vec::new())
        {
            let names: Vec<String> = circle.iter().map(|&i| modules[i].join("::")).collect();
            panic!("import circle in src/tui: {} -> back", names.join(" -> "));
        }
    }
    assert!(modules.len() > 30, "the TUI's files were found");
}
