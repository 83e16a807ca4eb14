//! Prints, for every profile, the share of the gap questionnaire's weight each tag (Annex C
//! objective) carries and the top ten of the remediation plan when every asked question is
//! answered Partial (the same answers for every profile, so only the weights differ):
//! `cargo run --example profile_priorities [DIR]`. With DIR, the gap questionnaire and the
//! profiles are read from `DIR/questionnaires/iso42001-gap.json` and `DIR/profiles/*.json`
//! (to compare with an earlier version of the content); without, the built-in ones.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use clausewise::catalog::{Catalog, SourceFile, load_profile, load_questionnaire};
use clausewise::model::{Answer, Assessment, Kind, Profile, Questionnaire, Status, Value};
use clausewise::scoring::weights::tag_shares;
use clausewise::scoring::{ScoreOptions, score_gap};

fn main() -> Result<()> {
    let (gap, profiles) = match std::env::args().nth(1) {
        Some(dir) => from_dir(Path::new(&dir))?,
        None => builtin()?,
    };
    for p in &profiles {
        print_profile(&gap, p);
    }
    Ok(())
}

/// The built-in gap questionnaire and profiles.
fn builtin() -> Result<(Questionnaire, Vec<Profile>)> {
    let c = Catalog::builtin();
    let gap = c
        .questionnaire_of_kind(Kind::Gap)
        .ok_or_else(|| anyhow!("no built-in gap questionnaire"))?
        .clone();
    Ok((gap, c.profiles.iter().map(|l| l.item.clone()).collect()))
}

/// The gap questionnaire and profiles of a content folder.
fn from_dir(dir: &Path) -> Result<(Questionnaire, Vec<Profile>)> {
    let read = |path: &Path| -> Result<SourceFile> {
        let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
        Ok(SourceFile {
            path: path.display().to_string(),
            bytes,
        })
    };
    let gap = load_questionnaire(&read(&dir.join("questionnaires/iso42001-gap.json"))?)
        .map_err(|d| anyhow!("{d:?}"))?;
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("profiles"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut profiles = Vec::new();
    for p in paths {
        profiles.push(load_profile(&read(&p)?).map_err(|d| anyhow!("{d:?}"))?);
    }
    profiles.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((gap, profiles))
}

/// One profile's tag shares, highest first, and its top ten.
fn print_profile(gap: &Questionnaire, p: &Profile) {
    let mut shares: Vec<(String, f64)> = tag_shares(gap, p).into_iter().collect();
    shares.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let list: Vec<String> = (shares.iter())
        .map(|(t, s)| format!("{t} {:.1}%", s * 100.0))
        .collect();
    println!("## {}\nshares: {}", p.id, list.join(", "));
    for (i, item) in top_ten(gap, p).iter().enumerate() {
        println!("{:>2}. {item}", i + 1);
    }
    println!();
}

/// The first ten items of the remediation plan with every asked question Partial, each as
/// `ref id [tags] priority`.
pub fn top_ten(gap: &Questionnaire, p: &Profile) -> Vec<String> {
    let mut a = Assessment::new(gap.id.clone(), None);
    for (_, q) in gap.questions() {
        if q.same_as.is_none() {
            a.answers
                .insert(q.id.clone(), Answer::new(Value::Status(Status::Partial)));
        }
    }
    let opts = ScoreOptions {
        as_of: jiff::civil::date(2026, 1, 1),
        weighted: true,
    };
    let g = score_gap(gap, &a, p, opts);
    (g.remediation.iter().take(10))
        .map(|r| {
            let tags = gap.question(&r.question).map(|q| q.tags.join(", "));
            format!(
                "{} {} [{}] {:.2}",
                r.reference.as_deref().unwrap_or("-"),
                r.question,
                tags.unwrap_or_default(),
                r.priority
            )
        })
        .collect()
}
