//! Peak memory (VmHWM, Linux) of a process that loads, verifies and scores a snapshot with
//! the built-in catalog, as `clausewise score` does:
//! `cargo run --release --example gen_workspace -- 1000 /tmp/ws` then
//! `cargo run --release --example peak_memory -- /tmp/ws/snapshots/<file>.json`.

fn status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .map(|l| l.trim_start_matches(field).trim().to_string())
        .unwrap_or_else(|| "?".into())
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: peak_memory SNAPSHOT.json"))?;
    println!("before: VmHWM {}", status("VmHWM:"));
    let catalog = clausewise::catalog::Catalog::builtin();
    let snap = clausewise::store::snapshots::load(std::path::Path::new(&path))?;
    let card = clausewise::seal::scorecard(&snap, &catalog)?;
    let answers: usize = snap.assessments.iter().map(|a| a.answers.len()).sum();
    println!(
        "loaded and scored {answers} answers ({} AIIAs, {} vendors)",
        card.aiias.len(),
        card.vendors.len()
    );
    println!("peak RSS (VmHWM): {}", status("VmHWM:"));
    println!("current RSS (VmRSS): {}", status("VmRSS:"));
    std::hint::black_box((snap, card));
    Ok(())
}
