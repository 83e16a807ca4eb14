//! How a profile spreads a questionnaire's weight over its tags (the Annex C objectives):
//! the share of the total effective weight that each tag carries. A question's effective
//! weight (question weight × the profile's tag weights, see
//! [`effective_weight`](super::question::effective_weight)) is split equally among its
//! tags, so the shares of all tags add up to 1. Linked questions (`same_as`) are left out,
//! as they do not count towards the overall score, and so are questions without tags and
//! those in sections that are not scored.

use std::collections::BTreeMap;

use crate::model::{Profile, Questionnaire};

use super::question::effective_weight;

/// The share of the total effective weight under `profile` that each tag of `q` carries
/// (0–1, adding up to 1); empty when no scored question has a tag.
pub fn tag_shares(q: &Questionnaire, profile: &Profile) -> BTreeMap<String, f64> {
    let mut sums: BTreeMap<String, f64> = BTreeMap::new();
    let mut total = 0.0;
    q.walk_sections(&mut |s, ancestors| {
        let scored = s.scored && ancestors.iter().all(|a| a.scored);
        let counted = s.questions.iter().filter(|x| scored && x.same_as.is_none());
        for x in counted.filter(|x| !x.tags.is_empty()) {
            let w = effective_weight(x, profile, true);
            total += w;
            let part = w / x.tags.len() as f64;
            for t in &x.tags {
                *sums.entry(t.clone()).or_default() += part;
            }
        }
    });
    if total > 0.0 {
        sums.values_mut().for_each(|v| *v /= total);
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Objective;
    use crate::scoring::testkit::*;

    #[test]
    fn weight_is_split_among_tags_and_profile_weights_shift_the_shares() {
        // a: w3 [accountability]; b: w1 [accountability, fairness]; c: w2 linked, ignored.
        let mut a = q_status("a", 3.0);
        a.tags = vec!["accountability".into()];
        let mut b = q_status("b", 1.0);
        b.tags = vec!["accountability".into(), "fairness".into()];
        let mut c = q_status("c", 2.0);
        c.tags = vec!["fairness".into()];
        c.same_as = Some("b".into());
        let q = qn(vec![sec("s", vec![a, b, c])]);
        let shares = tag_shares(&q, &profile());
        // Total 4: accountability 3 + 0.5, fairness 0.5.
        assert!(close(shares["accountability"], 3.5 / 4.0));
        assert!(close(shares["fairness"], 0.5 / 4.0));
        // Fairness × 3: b weighs 3, total 6; accountability 3 + 1.5, fairness 1.5.
        let mut p = profile();
        p.objective_weights.insert(Objective::Fairness, 3.0);
        let shares = tag_shares(&q, &p);
        assert!(close(shares["accountability"], 4.5 / 6.0));
        assert!(close(shares["fairness"], 1.5 / 6.0));
    }
}
