//! Semantic checks of questionnaires and profiles, after they parsed: ids, references,
//! conditions, scores, weights and scoring rules. Every problem is collected, none stops
//! the others.

use std::collections::{HashMap, HashSet};

use crate::model::condition::{PROFILE_FIELDS, SUBJECT_FIELDS};
use crate::model::{
    AnswerSpec, Condition, ConditionForm, Profile, Question, Questionnaire, ScoringRules, Section,
};

use super::diagnostic::{Code, Reporter};
use super::refs::{id_ok, mapping_ref_example, mapping_ref_ok, semver_ok};

/// Where a question sits, for reference checks.
struct QuestionInfo {
    order: usize,
    /// Id of the repeatable section it lives in, if any.
    group: Option<String>,
}

struct Ctx<'r, 'a> {
    r: &'r mut Reporter<'a>,
    ids: HashMap<String, String>,
    questions: HashMap<String, QuestionInfo>,
    order: usize,
    /// Every linked question's id with the pointer of its `same_as`, in file order.
    links: Vec<(String, String)>,
}

/// Checks a parsed questionnaire.
pub fn questionnaire(q: &Questionnaire, r: &mut Reporter<'_>) {
    if !id_ok(&q.id) {
        r.at(
            "/id",
            Code::BadId,
            bad_id_message("questionnaire id", &q.id),
        );
    }
    if !semver_ok(&q.version) {
        r.at(
            "/version",
            Code::BadVersion,
            format!(
                "version {:?} is not MAJOR.MINOR.PATCH (e.g. \"1.0.0\")",
                q.version
            ),
        );
    }
    if q.sections.is_empty() {
        r.at(
            "/sections",
            Code::EmptySection,
            "a questionnaire needs at least one section",
        );
    }
    scales(q, r);
    let mut ctx = Ctx {
        r,
        ids: HashMap::new(),
        questions: HashMap::new(),
        order: 0,
        links: Vec::new(),
    };
    // Pass 1: every question id with its order, so references to later questions are told
    // apart from references to unknown ones.
    let mut all = HashMap::new();
    q.walk_sections(&mut |s, _| {
        for qu in &s.questions {
            let next = all.len();
            all.entry(qu.id.clone()).or_insert(next);
        }
    });
    for (i, s) in q.sections.iter().enumerate() {
        section(&mut ctx, q, s, &format!("/sections/{i}"), None, &all);
    }
    let questions = std::mem::take(&mut ctx.questions);
    links(q, ctx.r, &ctx.links, &questions);
    scoring_rules(q, ctx.r, &questions);
}

/// Checks every `same_as` link: the target exists, is not itself linked (no chains, no
/// cycles), sits outside repeatable sections like the linked question, and has the same
/// answer type and `applies_when`, so the one answer means the same thing in both places.
fn links(
    q: &Questionnaire,
    r: &mut Reporter<'_>,
    links: &[(String, String)],
    questions: &HashMap<String, QuestionInfo>,
) {
    for (id, ptr) in links {
        if let Some(problem) = link_problem(q, id, questions) {
            let code = problem.0;
            r.at(
                ptr,
                code,
                format!("`same_as` of question {id:?}: {}", problem.1),
            );
        }
    }
}

/// What is wrong with the `same_as` link of question `id`, if anything.
fn link_problem(
    q: &Questionnaire,
    id: &str,
    questions: &HashMap<String, QuestionInfo>,
) -> Option<(Code, String)> {
    let linked = q.question(id)?;
    let to = linked.same_as.as_deref()?;
    let Some(target) = q.question(to) else {
        return Some((
            Code::UnknownReference,
            format!("refers to unknown question {to:?}"),
        ));
    };
    if let Some(path) = link_cycle(q, id) {
        return Some((
            Code::Cycle,
            format!(
                "the links form a cycle ({}); one question of the cycle must be asked",
                path.join(" → ")
            ),
        ));
    }
    if let Some(next) = target.same_as.as_deref() {
        return Some((
            Code::Invalid,
            format!(
                "{to:?} is itself linked to {next:?}; link to {next:?}, the question that is asked"
            ),
        ));
    }
    let grouped = |x: &str| questions.get(x).is_some_and(|i| i.group.is_some());
    if grouped(id) || grouped(to) {
        return Some((
            Code::Invalid,
            "questions inside repeatable sections cannot be linked (each entry has its own answer)"
                .into(),
        ));
    }
    if linked.answer != target.answer {
        return Some((
            Code::Invalid,
            format!(
                "{to:?} has another answer type or other options ({} vs {}); a linked question takes its answer as it is",
                target.answer.type_name(),
                linked.answer.type_name()
            ),
        ));
    }
    if linked.evidence_required != target.evidence_required {
        return Some((
            Code::Invalid,
            format!(
                "{to:?} has another `evidence_required`; one answer must meet the same evidence rule in both places"
            ),
        ));
    }
    if linked.applies_when != target.applies_when {
        return Some((
            Code::Invalid,
            format!(
                "{to:?} has another `applies_when`; linked questions must apply to the same organizations and systems"
            ),
        ));
    }
    None
}

/// The ids along the `same_as` links from `id` when they come back to `id`.
fn link_cycle(q: &Questionnaire, id: &str) -> Option<Vec<String>> {
    let mut path = vec![id.to_string()];
    let mut at = q.question(id)?;
    while let Some(next) = at.same_as.as_deref() {
        path.push(next.to_string());
        if next == id {
            return Some(path);
        }
        if path.len() > q.question_count() + 1 {
            return None;
        }
        at = q.question(next)?;
    }
    None
}

fn bad_id_message(what: &str, id: &str) -> String {
    format!(
        "{what} {id:?} is not well-formed: use lowercase letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit"
    )
}

fn claim_id(ctx: &mut Ctx<'_, '_>, id: &str, pointer: &str, what: &str) {
    if !id_ok(id) {
        ctx.r.at(pointer, Code::BadId, bad_id_message(what, id));
    }
    if let Some(first) = ctx.ids.get(id) {
        let (line, col) = ctx.r.position(first);
        ctx.r.at(
            pointer,
            Code::DuplicateId,
            format!("duplicate id {id:?}: already used at line {line}, column {col}"),
        );
    } else {
        ctx.ids.insert(id.to_string(), pointer.to_string());
    }
}

fn section(
    ctx: &mut Ctx<'_, '_>,
    q: &Questionnaire,
    s: &Section,
    ptr: &str,
    group: Option<&str>,
    all: &HashMap<String, usize>,
) {
    claim_id(ctx, &s.id, &format!("{ptr}/id"), "section id");
    if s.questions.is_empty() && s.sections.is_empty() {
        ctx.r.at(
            ptr,
            Code::EmptySection,
            format!("section {:?} has no questions and no sections", s.id),
        );
    }
    let inner_group = match (&s.repeatable, group) {
        (Some(_), Some(outer)) => {
            ctx.r.at(&format!("{ptr}/repeatable"), Code::Invalid, format!("repeatable section {:?} is inside repeatable section {outer:?}; nesting is not supported", s.id));
            Some(outer.to_string())
        }
        (Some(rep), None) => {
            if rep.max.is_some_and(|m| m < rep.min || m == 0) {
                ctx.r.at(
                    &format!("{ptr}/repeatable/max"),
                    Code::Invalid,
                    format!(
                        "repeatable `max` ({}) must be at least 1 and not below `min` ({})",
                        rep.max.unwrap_or(0),
                        rep.min
                    ),
                );
            }
            Some(s.id.clone())
        }
        (None, g) => g.map(str::to_string),
    };
    if let Some(c) = &s.applies_when {
        // A section's condition is checked before any of its own questions exist.
        condition(ctx, c, &format!("{ptr}/applies_when"), None, group, all);
    }
    for (i, qu) in s.questions.iter().enumerate() {
        question(
            ctx,
            q,
            qu,
            &format!("{ptr}/questions/{i}"),
            inner_group.as_deref(),
            all,
        );
    }
    for (i, child) in s.sections.iter().enumerate() {
        section(
            ctx,
            q,
            child,
            &format!("{ptr}/sections/{i}"),
            inner_group.as_deref(),
            all,
        );
    }
}

fn question(
    ctx: &mut Ctx<'_, '_>,
    q: &Questionnaire,
    qu: &Question,
    ptr: &str,
    group: Option<&str>,
    all: &HashMap<String, usize>,
) {
    claim_id(ctx, &qu.id, &format!("{ptr}/id"), "question id");
    if qu.prompt.trim().is_empty() {
        ctx.r.at(
            &format!("{ptr}/prompt"),
            Code::Invalid,
            format!("question {:?} has an empty prompt", qu.id),
        );
    }
    if !qu.weight.is_finite() || qu.weight < 0.0 {
        ctx.r.at(
            &format!("{ptr}/weight"),
            Code::BadNumber,
            format!(
                "weight of question {:?} must be a finite number of at least 0 (found {})",
                qu.id, qu.weight
            ),
        );
    }
    for (i, m) in qu.mappings.iter().enumerate() {
        match mapping_ref_ok(&m.framework, &m.reference) {
            None => ctx.r.at(
                &format!("{ptr}/mappings/{i}/framework"),
                Code::UnknownFramework,
                format!(
                    "unknown framework {:?}; known: {}",
                    m.framework,
                    crate::model::FRAMEWORKS.map(|f| f.0).join(", ")
                ),
            ),
            Some(false) => ctx.r.at(
                &format!("{ptr}/mappings/{i}/ref"),
                Code::BadMappingRef,
                format!(
                    "{:?} is not a well-formed {} reference; write it like {}",
                    m.reference,
                    m.framework,
                    mapping_ref_example(&m.framework)
                ),
            ),
            Some(true) => {}
        }
    }
    answer_spec(ctx.r, q, qu, &format!("{ptr}/answer"));
    if qu.same_as.is_some() {
        ctx.links.push((qu.id.clone(), format!("{ptr}/same_as")));
    }
    role_fits(ctx.r, qu, &format!("{ptr}/role"));
    if let Some(c) = &qu.applies_when {
        condition(
            ctx,
            c,
            &format!("{ptr}/applies_when"),
            Some(&qu.id),
            group,
            all,
        );
    }
    ctx.questions.insert(
        qu.id.clone(),
        QuestionInfo {
            order: ctx.order,
            group: group.map(str::to_string),
        },
    );
    ctx.order += 1;
}

fn condition(
    ctx: &mut Ctx<'_, '_>,
    c: &Condition,
    ptr: &str,
    own: Option<&str>,
    group: Option<&str>,
    all: &HashMap<String, usize>,
) {
    match c.form() {
        Err(msg) => ctx.r.at(ptr, Code::BadCondition, msg),
        Ok(ConditionForm::Profile(f, _)) if !PROFILE_FIELDS.contains(&f) => ctx.r.at(
            &format!("{ptr}/profile"),
            Code::BadCondition,
            format!(
                "unknown profile field {f:?}; known: {}",
                PROFILE_FIELDS.join(", ")
            ),
        ),
        Ok(ConditionForm::Subject(f, _)) if !SUBJECT_FIELDS.contains(&f) => ctx.r.at(
            &format!("{ptr}/subject"),
            Code::BadCondition,
            format!(
                "unknown subject field {f:?}; known: {}",
                SUBJECT_FIELDS.join(", ")
            ),
        ),
        Ok(ConditionForm::Question(id, _)) => {
            question_ref(ctx, id, &format!("{ptr}/question"), own, group, all)
        }
        Ok(ConditionForm::All(cs)) | Ok(ConditionForm::Any(cs)) => {
            let key = if c.all.is_some() { "all" } else { "any" };
            for (i, inner) in cs.iter().enumerate() {
                condition(ctx, inner, &format!("{ptr}/{key}/{i}"), own, group, all);
            }
        }
        Ok(ConditionForm::Not(inner)) => {
            condition(ctx, inner, &format!("{ptr}/not"), own, group, all)
        }
        Ok(_) => {}
    }
}

fn question_ref(
    ctx: &mut Ctx<'_, '_>,
    id: &str,
    ptr: &str,
    own: Option<&str>,
    group: Option<&str>,
    all: &HashMap<String, usize>,
) {
    if own == Some(id) {
        ctx.r.at(
            ptr,
            Code::Cycle,
            format!("question {id:?} depends on its own answer (a cycle)"),
        );
        return;
    }
    match ctx.questions.get(id) {
        Some(info) => {
            if info.group.is_some() && info.group.as_deref() != group {
                ctx.r.at(ptr, Code::BadCondition, format!("question {id:?} is inside repeatable section {:?}; only questions of the same entry may refer to it", info.group.as_deref().unwrap_or_default()));
            }
            let _ = info.order;
        }
        None if all.contains_key(id) => ctx.r.at(
            ptr,
            Code::ForwardReference,
            format!("condition refers to question {id:?}, which comes later; a condition may only depend on earlier questions"),
        ),
        None => ctx.r.at(ptr, Code::UnknownReference, format!("condition refers to unknown question {id:?}")),
    }
}

/// A question's `role` must suit its answer type.
fn role_fits(r: &mut Reporter<'_>, qu: &Question, ptr: &str) {
    use crate::model::questionnaire::QuestionRole as R;
    let Some(role) = qu.role else { return };
    let ok = match role {
        R::InherentRisk | R::ResidualRisk => {
            matches!(qu.answer, AnswerSpec::LikelihoodSeverity { .. })
        }
        R::SignoffDate | R::ReviewDate => matches!(qu.answer, AnswerSpec::Date),
        R::SignoffName | R::SignoffRole | R::AcceptanceRationale => {
            matches!(qu.answer, AnswerSpec::Text { .. })
        }
        R::ImpactLabel => matches!(
            qu.answer,
            AnswerSpec::Text { .. } | AnswerSpec::Choice { .. }
        ),
    };
    if !ok {
        let name = serde_json::to_value(role)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let msg = format!(
            "role {name:?} does not fit a `{}` answer in question {:?}",
            qu.answer.type_name(),
            qu.id
        );
        r.at(ptr, Code::Invalid, msg);
    }
}

fn score_ok(s: f64) -> bool {
    s.is_finite() && (0.0..=1.0).contains(&s)
}

fn answer_spec(r: &mut Reporter<'_>, q: &Questionnaire, qu: &Question, ptr: &str) {
    match &qu.answer {
        AnswerSpec::Choice { options } | AnswerSpec::MultiChoice { options, .. } => {
            let items = options.iter().map(|o| (format!("{:?}", o.value), o.score));
            scored_items(
                r,
                qu,
                &format!("{ptr}/options"),
                ("question", "option"),
                items,
            );
        }
        AnswerSpec::Scale { levels } => {
            let items = levels.iter().map(|l| (l.value.to_string(), l.score));
            let kinds = ("scale question", "level");
            scored_items(r, qu, &format!("{ptr}/levels"), kinds, items);
        }
        AnswerSpec::YesNo { scores: Some(s) } => {
            for (k, v) in [("yes", s.yes), ("no", s.no), ("unknown", s.unknown)] {
                if !score_ok(v) {
                    r.at(
                        &format!("{ptr}/scores/{k}"),
                        Code::BadNumber,
                        format!("score of {k:?} must be between 0 and 1 (found {v})"),
                    );
                }
            }
        }
        AnswerSpec::LikelihoodSeverity {
            likelihood,
            severity,
        } => {
            for (k, id) in [("likelihood", likelihood), ("severity", severity)] {
                if !q.scales.contains_key(id) {
                    r.at(
                        &format!("{ptr}/{k}"),
                        Code::UnknownReference,
                        format!("unknown scale {id:?}; define it under `scales`"),
                    );
                }
            }
        }
        AnswerSpec::Text {
            specificity: Some(rule),
            ..
        } if !q.scoring.specificity.contains_key(rule) => {
            r.at(
                &format!("{ptr}/specificity"),
                Code::UnknownReference,
                format!("unknown specificity rule {rule:?}; define it under `scoring.specificity`"),
            );
        }
        AnswerSpec::Number {
            min: Some(lo),
            max: Some(hi),
            ..
        } if lo > hi => {
            r.at(
                &format!("{ptr}/min"),
                Code::BadNumber,
                format!("`min` ({lo}) is above `max` ({hi})"),
            );
        }
        _ => {}
    }
}

/// The options of a choice or the levels of a scale: at least two, unique values, each
/// with a score from 0 to 1. `kinds` names the question and the item in messages; `items`
/// are (value as shown, score).
fn scored_items(
    r: &mut Reporter<'_>,
    qu: &Question,
    list_ptr: &str,
    (question_kind, item): (&str, &str),
    items: impl ExactSizeIterator<Item = (String, Option<f64>)>,
) {
    if items.len() < 2 {
        r.at(
            list_ptr,
            Code::Invalid,
            format!("{question_kind} {:?} needs at least two {item}s", qu.id),
        );
    }
    let mut seen = HashSet::new();
    for (i, (value, score)) in items.enumerate() {
        let ip = format!("{list_ptr}/{i}");
        if !seen.insert(value.clone()) {
            r.at(
                &format!("{ip}/value"),
                Code::DuplicateId,
                format!("duplicate {item} value {value} in question {:?}", qu.id),
            );
        }
        match score {
            None => r.at(
                &ip,
                Code::MissingScore,
                format!(
                    "{item} {value} of question {:?} has no `score` (a number from 0 to 1)",
                    qu.id
                ),
            ),
            Some(s) if !score_ok(s) => r.at(
                &format!("{ip}/score"),
                Code::BadNumber,
                format!("score of {item} {value} must be between 0 and 1 (found {s})"),
            ),
            _ => {}
        }
    }
}

fn scales(q: &Questionnaire, r: &mut Reporter<'_>) {
    for (id, s) in &q.scales {
        let ptr = format!("/scales/{}", super::source_map::escape_key(id));
        if !id_ok(id) {
            r.at(&ptr, Code::BadId, bad_id_message("scale id", id));
        }
        let consecutive = s
            .levels
            .windows(2)
            .all(|w| matches!(w, [a, b] if b.value == a.value + 1));
        if s.levels.len() < 2 || !consecutive {
            r.at(
                &format!("{ptr}/levels"),
                Code::Invalid,
                format!(
                    "scale {id:?} needs at least two levels with consecutive values, lowest first"
                ),
            );
        }
    }
}

fn scoring_rules(
    q: &Questionnaire,
    r: &mut Reporter<'_>,
    questions: &HashMap<String, QuestionInfo>,
) {
    let rules = &q.scoring;
    if !increasing(rules.risk_levels.iter().map(|l| l.max)) {
        r.at(
            "/scoring/risk_levels",
            Code::Invalid,
            "risk levels must be listed lowest first with increasing `max`",
        );
    }
    if let Some(a) = &rules.risk_appetite
        && !rules.risk_levels.iter().any(|l| &l.id == a)
    {
        r.at(
            "/scoring/risk_appetite",
            Code::UnknownReference,
            format!("unknown risk level {a:?}; define it under `scoring.risk_levels`"),
        );
    }
    if let Some(f) = rules.self_attested_factor.filter(|f| !score_ok(*f)) {
        r.at(
            "/scoring/self_attested_factor",
            Code::BadNumber,
            format!("`self_attested_factor` must be between 0 and 1 (found {f})"),
        );
    }
    if let Some(ir) = &rules.inherent_risk {
        for (i, id) in ir.questions.iter().enumerate() {
            if !questions.contains_key(id) {
                r.at(
                    &format!("/scoring/inherent_risk/questions/{i}"),
                    Code::UnknownReference,
                    format!("unknown question {id:?}"),
                );
            }
        }
        if !increasing(ir.levels.iter().map(|l| l.max)) {
            r.at(
                "/scoring/inherent_risk/levels",
                Code::Invalid,
                "inherent risk levels must be listed lowest first with increasing `max`",
            );
        }
    }
    tier_rules(rules, r, questions);
    floors(rules, r, questions);
    bands(rules, r);
}

/// Inherent-risk floors name known questions and defined levels; knock-out conditions
/// test known questions.
fn floors(rules: &ScoringRules, r: &mut Reporter<'_>, questions: &HashMap<String, QuestionInfo>) {
    if let Some(ir) = &rules.inherent_risk {
        let levels: HashSet<&str> = ir.levels.iter().map(|l| l.id.as_str()).collect();
        for (i, f) in ir.floors.iter().enumerate() {
            let ptr = format!("/scoring/inherent_risk/floors/{i}");
            if !questions.contains_key(&f.question) {
                let msg = format!("unknown question {:?}", f.question);
                r.at(&format!("{ptr}/question"), Code::UnknownReference, msg);
            }
            if !levels.contains(f.level.as_str()) {
                let msg = format!("unknown inherent risk level {:?}", f.level);
                r.at(&format!("{ptr}/level"), Code::UnknownReference, msg);
            }
        }
    }
    for (i, k) in rules.knockouts.iter().enumerate() {
        let Some(when) = &k.when else { continue };
        let refs = when.question_refs();
        for id in refs.into_iter().filter(|id| !questions.contains_key(*id)) {
            let msg = format!("unknown question {id:?} in the knock-out's `when`");
            r.at(
                &format!("/scoring/knockouts/{i}/when"),
                Code::UnknownReference,
                msg,
            );
        }
    }
}

/// Readiness bands: the first starts at 0, `min` strictly increases within 0–1, ids are
/// unique and each symbol is one printable ASCII character (so it reads without colour
/// and in ASCII terminals).
fn bands(rules: &ScoringRules, r: &mut Reporter<'_>) {
    let list = &rules.bands;
    if list.is_empty() {
        return;
    }
    let first_zero = list.first().is_some_and(|b| b.min == 0.0);
    if !first_zero
        || !increasing(list.iter().map(|b| b.min))
        || !list.iter().all(|b| score_ok(b.min))
    {
        r.at(
            "/scoring/bands",
            Code::Invalid,
            "readiness bands must be listed lowest first: the first `min` is 0 and each next `min` is higher, up to 1",
        );
    }
    let mut seen = HashSet::new();
    for (i, b) in list.iter().enumerate() {
        if !seen.insert(b.id.as_str()) {
            r.at(
                &format!("/scoring/bands/{i}/id"),
                Code::DuplicateId,
                format!("duplicate band id {:?}", b.id),
            );
        }
        let printable = b.symbol.len() == 1 && b.symbol.bytes().all(|c| c.is_ascii_graphic());
        if !printable {
            r.at(
                &format!("/scoring/bands/{i}/symbol"),
                Code::Invalid,
                format!(
                    "band symbol {:?} must be one printable ASCII character (e.g. \"+\")",
                    b.symbol
                ),
            );
        }
    }
}

/// Whether the values strictly increase.
fn increasing<T: PartialOrd>(values: impl Iterator<Item = T>) -> bool {
    let values: Vec<T> = values.collect();
    values.windows(2).all(|w| matches!(w, [a, b] if a < b))
}

/// Tier rules and knock-outs name defined tiers, inherent risk levels and questions.
fn tier_rules(
    rules: &ScoringRules,
    r: &mut Reporter<'_>,
    questions: &HashMap<String, QuestionInfo>,
) {
    let tiers: HashSet<&str> = rules.tiers.iter().map(|t| t.id.as_str()).collect();
    let levels: HashSet<&str> = rules
        .inherent_risk
        .iter()
        .flat_map(|i| i.levels.iter().map(|l| l.id.as_str()))
        .collect();
    for (i, rule) in rules.tier_rules.iter().enumerate() {
        let ptr = format!("/scoring/tier_rules/{i}");
        if !tiers.contains(rule.tier.as_str()) {
            r.at(
                &format!("{ptr}/tier"),
                Code::UnknownReference,
                format!(
                    "unknown tier {:?}; define it under `scoring.tiers`",
                    rule.tier
                ),
            );
        }
        for (j, l) in rule.inherent.iter().enumerate() {
            if !levels.contains(l.as_str()) {
                r.at(
                    &format!("{ptr}/inherent/{j}"),
                    Code::UnknownReference,
                    format!("unknown inherent risk level {l:?}"),
                );
            }
        }
    }
    for (i, k) in rules.knockouts.iter().enumerate() {
        let ptr = format!("/scoring/knockouts/{i}");
        if !questions.contains_key(&k.question) {
            r.at(
                &format!("{ptr}/question"),
                Code::UnknownReference,
                format!("unknown question {:?}", k.question),
            );
        }
        if !tiers.contains(k.tier.as_str()) {
            r.at(
                &format!("{ptr}/tier"),
                Code::UnknownReference,
                format!("unknown tier {:?}", k.tier),
            );
        }
    }
}

/// Checks a parsed profile.
pub fn profile(p: &Profile, r: &mut Reporter<'_>) {
    if !id_ok(&p.id) {
        r.at("/id", Code::BadId, bad_id_message("profile id", &p.id));
    }
    for (o, w) in &p.objective_weights {
        if !w.is_finite() || *w < 0.0 {
            r.at(
                &format!("/objective_weights/{}", o.as_str()),
                Code::BadNumber,
                format!(
                    "weight of {:?} must be a finite number of at least 0 (found {w})",
                    o.as_str()
                ),
            );
        }
    }
    for (t, w) in &p.tag_weights {
        if !w.is_finite() || *w < 0.0 {
            r.at(
                &format!("/tag_weights/{}", super::source_map::escape_key(t)),
                Code::BadNumber,
                format!("weight of tag {t:?} must be a finite number of at least 0 (found {w})"),
            );
        }
    }
    if p.review_months == 0 {
        r.at(
            "/review_months",
            Code::BadNumber,
            "`review_months` must be at least 1",
        );
    }
    let mut seen = HashSet::new();
    for (i, reg) in p.regulations.iter().enumerate() {
        if !seen.insert(reg.id.as_str()) {
            r.at(
                &format!("/regulations/{i}/id"),
                Code::DuplicateId,
                format!("duplicate regulation id {:?}", reg.id),
            );
        }
    }
}
