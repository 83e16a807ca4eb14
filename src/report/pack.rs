//! What an auditor pack says about itself: the `SHA256SUMS` file (`sha256sum -c` format)
//! and a short README on verifying the pack with or without clausewise. Pure: the files
//! are chosen by `clausewise pack` and written by `crate::store::pack`.

use std::fmt::Write;

use sha2::{Digest, Sha256};

/// The name of the checksums file.
pub const SUMS: &str = "SHA256SUMS";

/// `<hex>  <name>` lines, one per file, sorted by name, as GNU `sha256sum` writes them (two
/// spaces: text mode). Names are the pack's own (`/`-separated, no newlines).
pub fn sha256sums(files: &[(String, Vec<u8>)]) -> String {
    let mut lines: Vec<String> = files
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", hex(&Sha256::digest(bytes))))
        .collect();
    lines.sort_by(|a, b| a.get(66..).cmp(&b.get(66..)));
    lines.concat()
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// What the README lists.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    /// Organization, cycle and date in words of the reported snapshot.
    pub title: String,
    /// The reported snapshot's file in the pack and its digest.
    pub snapshot: (String, String),
    /// Earlier snapshots of the chain in the pack, oldest first.
    pub chain: Vec<String>,
    /// Evidence files copied, by their path in the pack.
    pub evidence: Vec<String>,
    /// Evidence references not copied, with why.
    pub skipped: Vec<(String, String)>,
}

/// The auditor's README.
pub fn readme(c: &Contents) -> String {
    let mut out = String::new();
    let clean = crate::sanitize::line;
    let _ = writeln!(out, "Auditor pack: {}\n", clean(&c.title));
    out.push_str(
        "Contents\n\
         - report.html: the report (open in a browser; Print > Save as PDF prints it)\n\
         - answers.csv: one row per question with every answer field\n\
         - answers-soa.csv: the Statement of Applicability\n\
         - oscal-assessment-results.json: NIST OSCAL 1.0.6 assessment results\n\
         - oscal-poam.json: the remediation plan as an OSCAL plan of action and milestones\n",
    );
    let _ = writeln!(
        out,
        "- {}: the reported snapshot, byte for byte (digest {})",
        clean(&c.snapshot.0),
        clean(&c.snapshot.1)
    );
    for s in &c.chain {
        let _ = writeln!(out, "- {}: an earlier snapshot of its chain", clean(s));
    }
    let _ = writeln!(
        out,
        "- evidence/: {} evidence file(s) named in the answers",
        c.evidence.len()
    );
    if !c.skipped.is_empty() {
        out.push_str("\nEvidence references not copied\n");
        for (r, why) in &c.skipped {
            let _ = writeln!(out, "- {}: {}", clean(r), clean(why));
        }
    }
    out.push_str(
        "\nVerify the files (without clausewise)\n\
         Every file except SHA256SUMS is listed in SHA256SUMS. In this folder run\n\
         \x20   sha256sum -c SHA256SUMS\n\
         (macOS: shasum -a 256 -c SHA256SUMS). Every line must say OK; a changed, missing or\n\
         added file is a pack that was altered after it was made.\n\
         \n\
         Verify the snapshots (with clausewise)\n\
         \x20   clausewise snapshot verify snapshots\n\
         checks that each snapshot's content hashes to the digest it records and that each\n\
         links to the one before it. The report, CSV and OSCAL files can be re-made from the\n\
         snapshot and compared:\n\
         \x20   clausewise report snapshots/<file> --format html -o check.html\n\
         \n\
         Without clausewise, a snapshot's digest is the SHA-256 of its canonical JSON with the\n\
         digest field left out (sorted keys, the layout the file already has); SHA256SUMS is\n\
         the check that needs no tool but sha256sum.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_sorted_sha256sum_lines() {
        let files = vec![
            ("b.txt".to_string(), b"abc".to_vec()),
            ("a/c.txt".to_string(), Vec::new()),
        ];
        assert_eq!(
            sha256sums(&files),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a/c.txt\n\
             ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  b.txt\n"
        );
    }
}
