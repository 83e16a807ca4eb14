//! The live database's folder and file: who may open them, and who we are.

use std::fs;
use std::path::Path;

use crate::store::error::{StoreError, io_err};
use crate::store::workspace::Workspace;

/// Who may write a workspace's live data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    /// Only the owner: folder 0700, files 0600 (the default).
    Private,
    /// The folder's group too (`clausewise init --shared`): a setgid folder, files that
    /// the group can write; "other" permissions follow the umask.
    Group,
}

impl Sharing {
    /// The sharing a `.clausewise/` folder was made with (its setgid bit marks a team one).
    pub fn of(dir: &Path) -> Sharing {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o2000 != 0) {
                return Sharing::Group;
            }
        }
        let _ = dir;
        Sharing::Private
    }

    /// Mode for new folders.
    pub fn dir_mode(self) -> u32 {
        match self {
            Sharing::Private => 0o700,
            Sharing::Group => 0o2770 | (0o007 & !umask()),
        }
    }

    /// Mode for new files.
    pub fn file_mode(self) -> u32 {
        match self {
            Sharing::Private => 0o600,
            Sharing::Group => 0o660 | (0o006 & !umask()),
        }
    }
}

/// This process's umask (from `/proc`; 022 when it cannot be read).
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

/// Makes sure `.clausewise/` is a real folder (never a symlink) and returns its sharing.
pub fn prepare(ws: &Workspace, db: &Path) -> Result<Sharing, StoreError> {
    let dir = db.parent().unwrap_or(&ws.root);
    match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(StoreError::Invalid {
                path: dir.to_path_buf(),
                message: "is a symbolic link; clausewise does not follow links for its live data: replace it with a real folder".into(),
            });
        }
        Ok(m) if !m.is_dir() => {
            return Err(StoreError::Invalid {
                path: dir.to_path_buf(),
                message: "is not a folder".into(),
            });
        }
        Ok(_) => {}
        Err(_) => make_dir(dir, Sharing::Private)?,
    }
    Ok(Sharing::of(dir))
}

/// Creates `dir` with the mode `sharing` asks for.
pub fn make_dir(dir: &Path, sharing: Sharing) -> Result<(), StoreError> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(sharing.dir_mode() & 0o777);
    }
    b.create(dir).map_err(io_err("cannot create", dir))?;
    set_mode(dir, sharing.dir_mode())
}

/// Sets a path's permission bits (Unix).
pub fn set_mode(path: &Path, mode: u32) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
            .map_err(io_err("cannot set the permissions of", path))?;
    }
    let _ = (path, mode);
    Ok(())
}

/// Creates the database file with the right mode before SQLite does (SQLite gives its
/// `-wal` and `-shm` files the database file's mode), without following a symlink.
/// `Err` says why it cannot be written here.
pub fn prepare_db_file(db: &Path, sharing: Sharing) -> Result<(), String> {
    let mut opts = fs::OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(sharing.file_mode())
            .custom_flags(libc::O_NOFOLLOW);
    }
    match opts.open(db) {
        Ok(f) => {
            // The umask may have taken the group's write bit: a new file gets the mode the
            // sharing asks for (SQLite gives its -wal and -shm files the same).
            #[cfg(unix)]
            if f.metadata().is_ok_and(|m| m.len() == 0) {
                use std::os::unix::fs::PermissionsExt;
                let _ = f.set_permissions(fs::Permissions::from_mode(sharing.file_mode()));
            }
            let _ = f;
            Ok(())
        }
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => Err(format!(
            "{} is a symbolic link; clausewise does not follow links for its live data",
            db.display()
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// Renames an imported JSON session to `*.bak` (kept as the backup); a failure only
/// leaves the file where it was, and it is never imported twice.
pub fn keep_as_backup(json: &Path) {
    let mut bak = json.as_os_str().to_os_string();
    bak.push(".bak");
    let _ = fs::rename(json, bak);
}

/// Who this process writes as: the OS user (not `$USER`, which anyone can set) and the
/// host, as `user@host`.
pub fn who() -> String {
    format!("{}@{}", os_user(), crate::store::lock::host_name())
}

/// The login name of the real user id.
fn os_user() -> String {
    #[cfg(unix)]
    {
        // SAFETY: getuid has no preconditions; getpwuid_r writes only into the buffers
        // given, whose sizes are passed, and `result` is checked before use.
        unsafe {
            let uid = libc::getuid();
            let mut pwd: libc::passwd = std::mem::zeroed();
            let mut buf = vec![0 as libc::c_char; 4096];
            let mut result: *mut libc::passwd = std::ptr::null_mut();
            let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
            if rc == 0 && !result.is_null() && !pwd.pw_name.is_null() {
                let name = std::ffi::CStr::from_ptr(pwd.pw_name).to_string_lossy();
                return crate::sanitize::line(&name);
            }
            format!("uid{uid}")
        }
    }
    #[cfg(not(unix))]
    {
        std::env::var("USERNAME").unwrap_or_else(|_| "unknown".into())
    }
}
