use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).expect("meta").permissions().mode() & 0o777
}

/// The pid of a process that has exited.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().expect("spawn");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

#[test]
fn replaces_content_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("a.json");
    write(&p, b"one").expect("first write");
    write(&p, b"two").expect("second write");
    assert_eq!(fs::read(&p).expect("read"), b"two");
    assert_eq!(names(dir.path()), ["a.json"]);
    #[cfg(unix)]
    assert_eq!(mode(&p), 0o600);
}

#[test]
fn failure_keeps_the_old_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("a.json");
    write(&p, b"old").expect("write");
    // Renaming a file over a non-empty directory fails: the old content must survive.
    let target = dir.path().join("sub");
    fs::create_dir(&target).expect("mkdir");
    fs::write(target.join("x"), b"x").expect("fill");
    assert!(write(&target, b"new").is_err());
    for step in [Step::Create, Step::Write, Step::Sync, Step::Rename] {
        let full = move |s: Step| {
            if s == step {
                Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
            } else {
                Ok(())
            }
        };
        let e = write_with(&p, b"new", Some(&full)).expect_err("disk full");
        assert!(e.to_string().contains("disk is full"), "{step:?}: {e}");
        assert_eq!(fs::read(&p).expect("read"), b"old");
        assert_eq!(
            names(dir.path()),
            ["a.json", "sub"],
            "{step:?}: temp removed"
        );
    }
}

#[test]
fn temp_names_are_unpredictable_and_hidden() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("a.json");
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (log, folder) = (seen.clone(), dir.path().to_path_buf());
    let spy = move |s: Step| {
        if s == Step::Rename {
            log.lock().expect("lock").push(names(&folder));
        }
        Ok(())
    };
    write_with(&p, b"1", Some(&spy)).expect("write");
    write_with(&p, b"2", Some(&spy)).expect("write");
    let seen = seen.lock().expect("lock").clone();
    let tmp: Vec<&String> = seen
        .iter()
        .flatten()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(tmp.len(), 2, "{seen:?}");
    assert_ne!(tmp[0], tmp[1], "a fresh random name each time");
    for t in tmp {
        assert!(t.starts_with(&temp_prefix(&p)), "{t}");
        assert!(t.len() > temp_prefix(&p).len() + ".tmp".len() + 8, "{t}");
    }
}

#[cfg(unix)]
#[test]
fn a_planted_link_or_file_at_the_old_temp_name_is_never_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, b"precious").expect("victim");
    let p = dir.path().join("a.json");
    // The name the writer used before: `.<name>.<pid>.tmp`.
    let legacy = dir
        .path()
        .join(format!(".a.json.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &legacy).expect("link");
    write(&p, b"mine").expect("write");
    assert_eq!(fs::read(&victim).expect("victim"), b"precious");
    assert_eq!(mode(&p), 0o600);
    fs::remove_file(&legacy).expect("unlink");
    // A pre-created world-writable temp file is not inherited either.
    fs::write(&legacy, b"").expect("plant");
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&legacy, fs::Permissions::from_mode(0o666)).expect("chmod");
    write(&p, b"again").expect("write");
    assert_eq!(mode(&p), 0o600);
    assert_eq!(fs::read(&p).expect("read"), b"again");
}

#[test]
fn write_new_never_replaces() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("s.json");
    write_new(&p, b"first").expect("new");
    let e = write_new(&p, b"second").expect_err("exists");
    assert!(matches!(e, StoreError::Exists { .. }), "{e}");
    assert!(e.to_string().contains("already exists"), "{e}");
    assert_eq!(fs::read(&p).expect("read"), b"first");
    assert_eq!(names(dir.path()), ["s.json"]);
}

#[cfg(unix)]
#[test]
fn write_new_refuses_a_dangling_symlink_and_leaves_its_target_uncreated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("elsewhere.json");
    let p = dir.path().join("s.json");
    std::os::unix::fs::symlink(&target, &p).expect("link");
    assert!(write_new(&p, b"x").is_err());
    assert!(!target.exists());
}

#[test]
fn orphans_of_dead_processes_are_cleaned_live_ones_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("a.json");
    let dead = dead_pid();
    let orphan = dir.path().join(format!(".a.json.{dead}.AbCdEf.tmp"));
    let legacy = dir.path().join(format!(".a.json.{dead}.tmp"));
    let mine = dir.path().join(format!("{}xyz.tmp", temp_prefix(&p)));
    let other = dir.path().join(format!(".b.json.{dead}.x.tmp"));
    for f in [&orphan, &legacy, &mine, &other] {
        fs::write(f, b"torn").expect("plant");
    }
    write(&p, b"ok").expect("write");
    let left = names(dir.path());
    if cfg!(target_os = "linux") {
        assert!(!orphan.exists() && !legacy.exists(), "{left:?}");
    }
    assert!(
        mine.exists(),
        "this process's own temp file is kept: {left:?}"
    );
    assert!(other.exists(), "another file's temp file is kept: {left:?}");
}
