//! Writes a workspace whose live database holds about N answers (gap, AIIAs, vendors), for
//! trying the wizard or measuring start-up at scale:
//! `cargo run --release --example live_workspace -- 100000 big-workspace`.

use clausewise::catalog::Catalog;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = match args.next() {
        Some(a) => a.parse()?,
        None => anyhow::bail!("usage: live_workspace N [DIR]"),
    };
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "live-workspace".into()));
    let store = clausewise::synth::live_workspace(&dir, &Catalog::builtin(), n)?;
    let answers = store.state()?.answer_count();
    println!("wrote {} ({answers} answers)", store.path().display());
    Ok(())
}
