//! Changes to the questionnaires themselves: versions, content hashes and, when both
//! versions are at hand, the questions added, removed and reworded.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::Questionnaires;
use super::types::QuestionnaireChange;
use crate::model::{Questionnaire, QuestionnaireStamp, Snapshot};

/// One change per questionnaire whose stamp differs between the snapshots.
pub fn diff(old: &Snapshot, new: &Snapshot, qs: &Questionnaires<'_>) -> Vec<QuestionnaireChange> {
    let ids: BTreeSet<&str> = old
        .questionnaires
        .iter()
        .chain(&new.questionnaires)
        .map(|s| s.id.as_str())
        .collect();
    let stamp = |s: &'_ Snapshot, id: &str| s.questionnaires.iter().find(|q| q.id == id).cloned();
    ids.into_iter()
        .filter_map(|id| change(id, stamp(old, id), stamp(new, id), qs))
        .collect()
}

fn change(
    id: &str,
    o: Option<QuestionnaireStamp>,
    n: Option<QuestionnaireStamp>,
    qs: &Questionnaires<'_>,
) -> Option<QuestionnaireChange> {
    let known = |s: &Option<QuestionnaireStamp>| s.as_ref().is_some_and(|s| !s.sha256.is_empty());
    let content_changed = known(&o) && known(&n) && o.as_ref()?.sha256 != n.as_ref()?.sha256;
    let version = |s: &Option<QuestionnaireStamp>| s.as_ref().map(|s| s.version.clone());
    let (old_version, new_version) = (version(&o), version(&n));
    if !content_changed && old_version == new_version {
        return None;
    }
    let mut c = QuestionnaireChange {
        id: id.to_string(),
        old_version,
        new_version,
        content_changed,
        compared_questions: false,
        added: Vec::new(),
        removed: Vec::new(),
        reworded: Vec::new(),
    };
    if let (Some(a), Some(b)) = (qs.old_version(id), qs.new_version(id))
        && a != b
    {
        compare_questions(a, b, &mut c);
    }
    Some(c)
}

fn compare_questions(a: &Questionnaire, b: &Questionnaire, c: &mut QuestionnaireChange) {
    let prompts = |q: &Questionnaire| -> Vec<(String, String)> {
        q.questions()
            .into_iter()
            .map(|(_, q)| (q.id.clone(), q.prompt.clone()))
            .collect()
    };
    let (pa, pb) = (prompts(a), prompts(b));
    let old: HashMap<&str, &str> = pa.iter().map(|(i, p)| (i.as_str(), p.as_str())).collect();
    let new_ids: HashSet<&str> = pb.iter().map(|(i, _)| i.as_str()).collect();
    c.compared_questions = true;
    for (id, prompt) in &pb {
        match old.get(id.as_str()) {
            None => c.added.push(id.clone()),
            Some(p) if p != prompt => c.reworded.push(id.clone()),
            Some(_) => {}
        }
    }
    c.removed = pa
        .iter()
        .filter(|(i, _)| !new_ids.contains(i.as_str()))
        .map(|(i, _)| i.clone())
        .collect();
}

/// (questionnaire, question) pairs that the questionnaire changes removed.
pub fn removed_questions(changes: &[QuestionnaireChange]) -> HashSet<(String, String)> {
    changes
        .iter()
        .flat_map(|c| c.removed.iter().map(|q| (c.id.clone(), q.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::tests::{empty_snapshot, questionnaire};

    fn stamp(id: &str, version: &str, sha: &str) -> QuestionnaireStamp {
        QuestionnaireStamp {
            id: id.into(),
            version: version.into(),
            sha256: sha.into(),
        }
    }

    #[test]
    fn stamps_alone_tell_a_content_change_and_unknown_hashes_do_not() {
        let mut old = empty_snapshot("2025-01-01T00:00:00Z");
        let mut new = empty_snapshot("2026-01-01T00:00:00Z");
        old.questionnaires = vec![stamp("gap", "1.0.0", "sha256:a"), stamp("v", "1.0.0", "")];
        new.questionnaires = vec![stamp("gap", "1.0.0", "sha256:b"), stamp("v", "1.0.0", "x")];
        let d = diff(&old, &new, &Questionnaires::default());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].id, "gap");
        assert!(d[0].content_changed);
        assert!(!d[0].compared_questions);
    }

    #[test]
    fn two_versions_give_questions_added_removed_and_reworded() {
        let a = questionnaire("gap", &[("q1", "Is there a policy?"), ("q2", "Old")]);
        let b = questionnaire(
            "gap",
            &[("q1", "Is there an approved AI policy?"), ("q3", "New")],
        );
        let mut old = empty_snapshot("2025-01-01T00:00:00Z");
        let mut new = empty_snapshot("2026-01-01T00:00:00Z");
        old.questionnaires = vec![stamp("gap", "1.0.0", "sha256:a")];
        new.questionnaires = vec![stamp("gap", "1.1.0", "sha256:b")];
        let qs = Questionnaires {
            old: vec![&a],
            new: vec![&b],
        };
        let d = diff(&old, &new, &qs);
        assert_eq!(d[0].old_version.as_deref(), Some("1.0.0"));
        assert_eq!(d[0].new_version.as_deref(), Some("1.1.0"));
        assert!(d[0].compared_questions);
        assert_eq!(d[0].added, ["q3"]);
        assert_eq!(d[0].removed, ["q2"]);
        assert_eq!(d[0].reworded, ["q1"]);
        assert_eq!(
            removed_questions(&d),
            [("gap".to_string(), "q2".to_string())].into()
        );
    }
}
