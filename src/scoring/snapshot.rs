//! Scoring a whole snapshot: the gap assessment (the assessment of a `gap` questionnaire
//! with no subject), one AIIA per AI system and one review per vendor. Assessments of
//! retired subjects and of questionnaires not at hand are left out (see
//! [`unknown_questionnaires`]).

use crate::model::{Assessment, Kind, Profile, Questionnaire, Snapshot, Subject};

use super::aiia::score_aiia_with;
use super::gap::score_gap_with;
use super::prepared::Prepared;
use super::tree::ScoreOptions;
use super::vendor::score_vendor_with;
use crate::model::fxhash::FxHashMap;
use crate::model::score::{AiiaScore, GapScore, Scorecard, VendorScore};

/// Below this many questions to score in all, a snapshot is scored on the calling thread
/// (starting a thread costs tens of microseconds; a small snapshot scores in less).
const PARALLEL_MIN_QUESTIONS: usize = 4_000;

/// At most this many threads share the scoring of one snapshot.
const MAX_THREADS: usize = 4;

/// Scores every assessment of a snapshot. Each questionnaire is prepared (indexed, with the
/// effective weights under `profile`) once and shared by every assessment that uses it;
/// subjects are looked up by id in a map. A large snapshot is scored on several threads
/// (assessments are independent; the result is the same as scoring them in order).
pub fn score_snapshot(
    questionnaires: &[&Questionnaire],
    profile: &Profile,
    snapshot: &Snapshot,
    opts: ScoreOptions,
) -> Scorecard {
    let mut prepared: FxHashMap<&str, Prepared<'_>> = FxHashMap::default();
    for q in questionnaires {
        prepared
            .entry(q.id.as_str())
            .or_insert_with(|| Prepared::new(q).weighted(profile, opts.weighted));
    }
    let jobs = jobs(&prepared, snapshot);
    let mut card = Scorecard {
        profile: profile.id.clone(),
        weighted: opts.weighted,
        as_of: opts.as_of,
        gap: None,
        supplements: Vec::new(),
        aiias: Vec::new(),
        vendors: Vec::new(),
    };
    // The gap assessment's controls follow the inventory's roles, not only the profile's.
    let gap_profile = super::inventory::gap_profile(profile, &snapshot.subjects);
    let mut gaps = Vec::new();
    for scored in score_jobs(&jobs, (profile, &gap_profile), opts) {
        match scored {
            Scored::Gap(g) => gaps.push(g),
            Scored::Aiia(a) => card.aiias.push(a),
            Scored::Vendor(v) => card.vendors.push(v),
        }
    }
    // The main gap assessment is that of the first `gap` questionnaire (the ISO/IEC 42001 one
    // among the built-ins), else the first one answered; the others are supplements.
    let main_id = (questionnaires.iter())
        .find(|q| q.kind == Kind::Gap)
        .map(|q| &q.id);
    let main = (gaps.iter())
        .position(|g| Some(&g.questionnaire) == main_id)
        .unwrap_or(0);
    if main < gaps.len() {
        card.gap = Some(gaps.remove(main));
    }
    card.supplements = gaps;
    card
}

/// One assessment to score, with its prepared questionnaire and subject.
struct Job<'p, 'a> {
    prepared: &'p Prepared<'a>,
    assessment: &'a Assessment,
    subject: Option<&'a Subject>,
}

/// The result of one [`Job`].
enum Scored {
    Gap(GapScore),
    Aiia(AiiaScore),
    Vendor(VendorScore),
}

/// The assessments to score, in order: the first assessment without a subject of each gap
/// questionnaire, every AIIA and vendor review with one; retired subjects and unknown
/// questionnaires left out.
fn jobs<'p, 'a>(
    prepared: &'p FxHashMap<&str, Prepared<'a>>,
    snapshot: &'a Snapshot,
) -> Vec<Job<'p, 'a>> {
    let subjects: FxHashMap<&str, &Subject> = snapshot
        .subjects
        .iter()
        .rev()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let mut gaps_seen: Vec<&str> = Vec::new();
    let mut out = Vec::with_capacity(snapshot.assessments.len());
    for a in &snapshot.assessments {
        let subject = (a.subject.as_deref()).and_then(|id| subjects.get(id).copied());
        if subject.is_some_and(|s| s.retired) {
            continue;
        }
        let Some(p) = prepared.get(a.questionnaire.as_str()) else {
            continue;
        };
        let wanted = match (p.questionnaire.kind, &a.subject) {
            (Kind::Gap, None) if gaps_seen.contains(&a.questionnaire.as_str()) => false,
            (Kind::Gap, None) => {
                gaps_seen.push(&a.questionnaire);
                true
            }
            (Kind::Aiia | Kind::Vendor, Some(_)) => true,
            _ => false,
        };
        if wanted {
            out.push(Job {
                prepared: p,
                assessment: a,
                subject,
            });
        }
    }
    out
}

/// Scores `jobs`, in order; split into contiguous runs of about equal question counts over
/// a few threads when there is enough work.
fn score_jobs(
    jobs: &[Job<'_, '_>],
    profiles: (&Profile, &Profile),
    opts: ScoreOptions,
) -> Vec<Scored> {
    let cost = |j: &Job<'_, '_>| j.prepared.index.len().max(1);
    let total: usize = jobs.iter().map(cost).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_THREADS);
    let score_run = |run: &[Job<'_, '_>]| -> Vec<Scored> {
        run.iter().map(|j| score_job(j, profiles, opts)).collect()
    };
    if threads < 2 || total < PARALLEL_MIN_QUESTIONS {
        return score_run(jobs);
    }
    let runs = split_by_cost(jobs, threads, total, cost);
    std::thread::scope(|scope| {
        let (first, rest) = runs.split_first().unwrap_or((&jobs, &[]));
        let handles: Vec<_> = rest
            .iter()
            .map(|run| scope.spawn(|| score_run(run)))
            .collect();
        let mut out = score_run(first);
        for h in handles {
            // A panic while scoring is a bug; re-raise it on the calling thread.
            out.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        out
    })
}

/// `jobs` cut into at most `parts` contiguous runs of about `total / parts` cost each.
fn split_by_cost<'j, 'p, 'a>(
    jobs: &'j [Job<'p, 'a>],
    parts: usize,
    total: usize,
    cost: impl Fn(&Job<'p, 'a>) -> usize,
) -> Vec<&'j [Job<'p, 'a>]> {
    let share = total.div_ceil(parts.max(1));
    let mut runs = Vec::with_capacity(parts);
    let (mut start, mut acc) = (0, 0);
    for (i, j) in jobs.iter().enumerate() {
        acc += cost(j);
        if acc >= share && runs.len() + 1 < parts {
            runs.push(jobs.get(start..=i).unwrap_or_default());
            (start, acc) = (i + 1, 0);
        }
    }
    runs.push(jobs.get(start..).unwrap_or_default());
    runs
}

/// Scores one job; the gap assessment under the inventory-aware profile (`profiles.1`).
fn score_job(j: &Job<'_, '_>, profiles: (&Profile, &Profile), opts: ScoreOptions) -> Scored {
    let (p, a, s) = (j.prepared, j.assessment, j.subject);
    let profile = profiles.0;
    match p.questionnaire.kind {
        Kind::Gap => Scored::Gap(score_gap_with(p, a, profiles.1, opts)),
        Kind::Aiia => Scored::Aiia(score_aiia_with(p, a, profile, s, opts)),
        Kind::Vendor => Scored::Vendor(score_vendor_with(p, a, profile, s, opts)),
    }
}

/// Ids of questionnaires the snapshot's assessments use that are not in `questionnaires`.
pub fn unknown_questionnaires(
    questionnaires: &[&Questionnaire],
    snapshot: &Snapshot,
) -> Vec<String> {
    let mut out: Vec<String> = snapshot
        .assessments
        .iter()
        .map(|a| a.questionnaire.clone())
        .filter(|id| !questionnaires.iter().any(|q| &q.id == id))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::snapshot::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION};
    use crate::model::{SnapshotMeta, Status, SubjectKind};
    use crate::scoring::testkit::*;

    fn subject(id: &str, kind: SubjectKind, retired: bool) -> Subject {
        Subject {
            id: id.into(),
            kind,
            name: id.into(),
            owner: None,
            role: None,
            lifecycle_stage: None,
            vendor: None,
            description: String::new(),
            retired,
            ..Subject::default()
        }
    }

    #[test]
    fn gap_aiias_and_vendors_are_routed_by_kind_and_retired_subjects_skipped() {
        let gap = qn(vec![sec("c4", vec![q_status("a", 1.0)])]);
        let mut aiia = qn(vec![sec("s", vec![q_text("t")])]);
        aiia.id = "aiia".into();
        aiia.kind = Kind::Aiia;
        let mut vendor = qn(vec![sec("v", vec![q_status("v1", 1.0)])]);
        vendor.id = "vendor".into();
        vendor.kind = Kind::Vendor;
        let mut g = assessment(&gap, None);
        g.answers.insert("a".into(), status(Status::Met));
        let snap = Snapshot {
            format: SNAPSHOT_FORMAT.into(),
            version: SNAPSHOT_VERSION,
            meta: SnapshotMeta {
                organization: "Org".into(),
                assessor: "Me".into(),
                created_at: jiff::Timestamp::UNIX_EPOCH,
                cycle: "stage-1".into(),
                label: String::new(),
                profile: "test".into(),
            },
            questionnaires: Vec::new(),
            subjects: vec![
                subject("sys", SubjectKind::AiSystem, false),
                subject("old", SubjectKind::AiSystem, true),
                subject("acme", SubjectKind::Vendor, false),
            ],
            assessments: vec![
                g,
                assessment(&aiia, Some("sys")),
                assessment(&aiia, Some("old")),
                assessment(&vendor, Some("acme")),
                Assessment::new("missing", None),
            ],
            findings: Vec::new(),
            scoring_rules: None,
            scorecard: None,
            previous: None,
            digest: None,
        };
        let qs = [&gap, &aiia, &vendor];
        let opts = ScoreOptions {
            as_of: as_of(),
            weighted: false,
        };
        let card = score_snapshot(&qs, &profile(), &snap, opts);
        assert_eq!(card.gap.as_ref().map(|g| g.overall.readiness), Some(1.0));
        assert_eq!(card.aiias.len(), 1);
        assert_eq!(card.aiias[0].subject, "sys");
        assert_eq!(card.vendors[0].subject, "acme");
        assert!(!card.weighted);
        assert_eq!(unknown_questionnaires(&qs, &snap), ["missing"]);
    }

    #[test]
    fn split_by_cost_keeps_order_covers_everything_and_balances() {
        let q = qn(vec![sec("s", vec![q_status("a", 1.0)])]);
        let p = Prepared::new(&q);
        let a = assessment(&q, None);
        let jobs: Vec<Job<'_, '_>> = (0..10)
            .map(|_| Job {
                prepared: &p,
                assessment: &a,
                subject: None,
            })
            .collect();
        let costs = [5, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        let cost = |j: &Job<'_, '_>| {
            let i = jobs.iter().position(|x| std::ptr::eq(x, j)).unwrap_or(0);
            costs[i]
        };
        let runs = split_by_cost(&jobs, 2, 14, cost);
        let lens = |runs: Vec<&[Job<'_, '_>]>| runs.iter().map(|r| r.len()).collect::<Vec<_>>();
        assert_eq!(lens(runs.clone()), [3, 7]);
        assert!(std::ptr::eq(&runs[0][0], &jobs[0]));
        assert!(std::ptr::eq(&runs[1][0], &jobs[3]));
        assert_eq!(lens(split_by_cost(&jobs, 4, 14, cost)), [1, 4, 4, 1]);
        assert_eq!(lens(split_by_cost(&jobs[..0], 2, 0, cost)), [0]);
        assert_eq!(lens(split_by_cost(&jobs, 1, 14, cost)), [10]);
    }
}
