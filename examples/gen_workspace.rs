//! Writes a large synthetic workspace for reproducing the performance numbers:
//! `cargo run --release --example gen_workspace -- N [DIR]`.
//!
//! - `questionnaires/synthetic.json`: a valid `gap` questionnaire with N questions;
//! - `snapshots/…json`: a sealed snapshot of 10,000 answers against the built-in
//!   questionnaires (the gap assessment, 200 AIIAs and 300 vendor reviews).
//!
//! DIR defaults to `synthetic-workspace`. `clausewise --workspace DIR validate` passes.

use std::path::PathBuf;

use clausewise::catalog::Catalog;
use clausewise::store::{Workspace, snapshots};
use clausewise::synth;

const ANSWERS: usize = 10_000;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = match args.next() {
        Some(a) => a.parse()?,
        None => anyhow::bail!("usage: gen_workspace N [DIR]"),
    };
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "synthetic-workspace".into()));
    let ws = Workspace::init(&dir)?;
    let qpath = ws.root.join("questionnaires/synthetic.json");
    std::fs::write(&qpath, synth::questionnaire_json("synthetic", n))?;
    let catalog = Catalog::builtin();
    let mut snap = synth::snapshot(&catalog, ANSWERS, 0)?;
    let answers: usize = snap.assessments.iter().map(|a| a.answers.len()).sum();
    let name = snapshots::file_name_for(&snap.meta);
    let spath = snapshots::save(&ws.root.join("snapshots"), &name, &mut snap)?;
    println!("wrote {} ({n} questions)", qpath.display());
    println!(
        "wrote {} ({answers} answers, {} assessments)",
        spath.display(),
        snap.assessments.len()
    );
    Ok(())
}
