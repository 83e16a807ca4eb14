//! Standard output for the commands: a reader that stops early (`… | head`) ends the
//! command quietly instead of a panic, and errors print each cause once.

use std::io::Write;

/// Standard output was closed by the reader: not an error of ours, nothing to print.
#[derive(Debug, thiserror::Error)]
#[error("standard output was closed")]
pub struct ClosedPipe;

/// Writes `bytes` to standard output; a closed pipe becomes [`ClosedPipe`].
pub fn write_all(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ClosedPipe.into()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
    }
}

/// Writes `text` to standard output (see [`write_all`]).
pub fn print(text: &str) -> anyhow::Result<()> {
    write_all(text.as_bytes())
}

/// `print!` that returns [`ClosedPipe`] from the enclosing function instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {
        $crate::cli::output::print(&format!($($t)*))?
    };
}

/// `println!` that returns [`ClosedPipe`] from the enclosing function instead of panicking.
macro_rules! outln {
    () => {
        $crate::cli::output::print("\n")?
    };
    ($($t:tt)*) => {
        $crate::cli::output::print(&format!("{}\n", format_args!($($t)*)))?
    };
}

/// Whether a writer's `-o` value means standard output: no `-o` at all, or `-`.
pub fn is_stdout(path: Option<&std::path::Path>) -> bool {
    path.is_none_or(|p| p.as_os_str() == "-")
}

/// Writes a shareable output (a report, an export): `-` is standard output; any other path
/// is written atomically with the permissions the umask gives new files, and `wrote FILE`
/// goes to standard error.
pub fn emit(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    if is_stdout(Some(path)) {
        return write_all(bytes);
    }
    crate::store::atomic::write_shared(path, bytes)
        .map_err(|e| anyhow::Error::new(e).context(format!("writing {}", path.display())))?;
    eprintln!(
        "wrote {}",
        crate::sanitize::line(&path.display().to_string())
    );
    Ok(())
}

/// Whether `e` is (caused by) a closed standard output.
pub fn is_closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.is::<ClosedPipe>())
}

/// The error and its causes, `: `-separated, each said once: a cause whose text the message
/// already contains (an OS error a store error quotes) is left out. Sanitized for the
/// terminal, since it quotes file names.
pub fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if text.contains(&s) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&s);
    }
    crate::sanitize::line(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_os_error_quoted_by_its_context_is_said_once() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let store = crate::store::error::io_err("cannot read", std::path::Path::new("x.json"))(io);
        let e = anyhow::Error::new(store).context("cannot open snapshot x.json");
        let text = error_text(&e);
        assert_eq!(text.matches("not found").count(), 1, "{text}");
        assert!(
            text.starts_with("cannot open snapshot x.json: cannot read x.json"),
            "{text}"
        );
    }

    #[test]
    fn a_closed_pipe_is_recognised_through_context() {
        let e = anyhow::Error::new(ClosedPipe).context("printing");
        assert!(is_closed_pipe(&e));
        assert!(!is_closed_pipe(&anyhow::anyhow!("other")));
    }
}
