//! Every validation error has a malformed fixture whose message and position are pinned.

use clausewise::catalog::{self, Code, SourceFile};

fn fixture(name: &str) -> SourceFile {
    let path = format!("tests/fixtures/invalid/{name}");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    SourceFile { path, bytes }
}

/// (fixture, code, line, column, part of the message)
const CASES: &[(&str, Code, usize, usize, &str)] = &[
    (
        "syntax.json",
        Code::Syntax,
        12,
        7,
        "invalid JSON: expected `,` or `}`",
    ),
    (
        "wrong-type.json",
        Code::Schema,
        21,
        26,
        "`sections[0].questions[0].weight`: invalid type: string \"high\", expected f64",
    ),
    (
        "unknown-field.json",
        Code::Schema,
        56,
        17,
        "`sections[0].questions[1].promt`: unknown field `promt`",
    ),
    (
        "missing-field.json",
        Code::Schema,
        55,
        9,
        "`sections[0].questions[1]`: missing field `help`",
    ),
    (
        "duplicate-key.json",
        Code::Schema,
        44,
        18,
        "duplicate field `weight`",
    ),
    (
        "duplicate-id.json",
        Code::DuplicateId,
        58,
        17,
        "duplicate id \"s1.a\": already used at line 14, column 17",
    ),
    (
        "unknown-framework.json",
        Code::UnknownFramework,
        31,
        28,
        "unknown framework \"cobit\"; known: nist-ai-rmf",
    ),
    (
        "bad-mapping-ref.json",
        Code::BadMappingRef,
        32,
        22,
        "\"Article 9\" is not a well-formed eu-ai-act reference",
    ),
    (
        "applies-when-unknown.json",
        Code::UnknownReference,
        76,
        25,
        "unknown question \"s1.nope\"",
    ),
    (
        "applies-when-later.json",
        Code::ForwardReference,
        35,
        25,
        "question \"s1.b\", which comes later",
    ),
    (
        "same-as-unknown.json",
        Code::UnknownReference,
        69,
        22,
        "`same_as` of question \"s1.c\": refers to unknown question \"s1.z\"",
    ),
    (
        "same-as-cycle.json",
        Code::Cycle,
        25,
        22,
        "`same_as` of question \"s1.a\": the links form a cycle (s1.a → s1.b → s1.a)",
    ),
    (
        "cycle.json",
        Code::Cycle,
        78,
        29,
        "question \"s1.c\" depends on its own answer (a cycle)",
    ),
    (
        "bad-condition.json",
        Code::BadCondition,
        75,
        27,
        "exactly one of `profile`, `subject`, `question`",
    ),
    (
        "choice-without-score.json",
        Code::MissingScore,
        89,
        15,
        "option \"ad-hoc\" of question \"s1.c\" has no `score`",
    ),
    (
        "negative-weight.json",
        Code::BadNumber,
        43,
        21,
        "weight of question \"s1.b\" must be a finite number of at least 0 (found -2)",
    ),
    (
        "weight-not-finite.json",
        Code::Schema,
        65,
        25,
        "`sections[0].questions[2].weight`: number out of range",
    ),
    (
        "empty-section.json",
        Code::EmptySection,
        104,
        5,
        "section \"s2\" has no questions and no sections",
    ),
    (
        "bad-version.json",
        Code::BadVersion,
        3,
        14,
        "version \"1.0\" is not MAJOR.MINOR.PATCH",
    ),
    (
        "bad-id.json",
        Code::BadId,
        36,
        17,
        "question id \"S1 B\" is not well-formed",
    ),
    (
        "unknown-scale.json",
        Code::UnknownReference,
        55,
        27,
        "unknown scale \"likelihood\"",
    ),
    (
        "unknown-appetite.json",
        Code::UnknownReference,
        118,
        22,
        "unknown risk level \"medium\"; define it under `scoring.risk_levels`",
    ),
    (
        "bands-not-increasing.json",
        Code::Invalid,
        8,
        14,
        "readiness bands must be listed lowest first",
    ),
    (
        "band-symbol-not-ascii.json",
        Code::Invalid,
        18,
        19,
        "band symbol \"▲\" must be one printable ASCII character",
    ),
    (
        "not-utf8.json",
        Code::NotUtf8,
        18,
        23,
        "file is not valid UTF-8 (invalid byte at offset 474)",
    ),
    (
        "deep-nesting.json",
        Code::Schema,
        75,
        1003,
        "recursion limit exceeded",
    ),
];

#[test]
fn every_questionnaire_fixture_reports_its_error_at_the_right_place() {
    for (name, code, line, column, msg) in CASES {
        let errs = catalog::load_questionnaire(&fixture(name)).expect_err(name);
        let d = errs
            .first()
            .unwrap_or_else(|| panic!("{name}: no diagnostic"));
        assert_eq!(
            (d.code, d.line, d.column),
            (*code, *line, *column),
            "{name}: {d}"
        );
        assert!(d.message.contains(msg), "{name}: {d}");
        assert!(
            d.to_string().starts_with(&format!(
                "tests/fixtures/invalid/{name}:{line}:{column}: error: "
            )),
            "{d}"
        );
    }
}

#[test]
fn profile_fixtures_report_their_errors() {
    for (name, code, line, column, msg) in [
        (
            "profile-negative-weight.json",
            Code::BadNumber,
            8,
            15,
            "weight of \"safety\" must be a finite number of at least 0 (found -1)",
        ),
        (
            "profile-unknown-objective.json",
            Code::Schema,
            8,
            14,
            "unknown variant `kindness`",
        ),
        (
            "profile-zero-review.json",
            Code::BadNumber,
            9,
            20,
            "`review_months` must be at least 1",
        ),
    ] {
        let errs = catalog::load_profile(&fixture(name)).expect_err(name);
        let d = &errs[0];
        assert_eq!(
            (d.code, d.line, d.column),
            (code, line, column),
            "{name}: {d}"
        );
        assert!(d.message.contains(msg), "{name}: {d}");
    }
}

#[test]
fn future_snapshot_version_names_the_versions_understood() {
    let errs = catalog::snapshot::load_snapshot(&fixture("snapshot-future-version.json"))
        .expect_err("refused");
    assert_eq!(errs[0].code, Code::UnsupportedVersion);
    assert_eq!((errs[0].line, errs[0].column), (3, 14));
    assert!(
        errs[0]
            .message
            .contains("snapshot version 99 is not supported; this build understands version"),
        "{}",
        errs[0]
    );
}

#[test]
fn oversized_files_are_refused_before_parsing() {
    let big = SourceFile {
        path: "big.json".into(),
        bytes: vec![b' '; catalog::MAX_FILE_BYTES + 1],
    };
    let errs = catalog::load_questionnaire(&big).expect_err("too large");
    assert_eq!(errs[0].code, Code::TooLarge);
    assert!(errs[0].message.contains("the limit is"), "{}", errs[0]);
}

#[test]
fn all_problems_in_a_file_are_reported_not_just_the_first() {
    let errs =
        catalog::load_questionnaire(&fixture("unknown-scale.json")).expect_err("two problems");
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[1].message.contains("unknown scale \"severity\""));
}

#[test]
fn valid_fixtures_load() {
    for name in ["questionnaire.json", "profile.json"] {
        let path = format!("tests/fixtures/valid/{name}");
        let file = SourceFile {
            bytes: std::fs::read(&path).expect("read"),
            path,
        };
        if name.starts_with("profile") {
            catalog::load_profile(&file).expect("valid profile");
        } else {
            let q = catalog::load_questionnaire(&file).expect("valid questionnaire");
            assert_eq!((q.section_count(), q.question_count()), (1, 3));
        }
    }
}

#[test]
fn a_broken_workspace_file_is_skipped_and_builtins_still_load() {
    let broken = fixture("syntax.json");
    let mut override_gap = SourceFile {
        path: "questionnaires/fixture.json".into(),
        bytes: std::fs::read("tests/fixtures/valid/questionnaire.json").expect("read"),
    };
    override_gap.bytes = String::from_utf8(override_gap.bytes)
        .expect("utf8")
        .replace("\"id\": \"fixture\"", "\"id\": \"iso42001-gap\"")
        .into_bytes();
    let c = catalog::Catalog::load(&[broken, override_gap], &[]);
    assert_eq!(c.diagnostics.len(), 1);
    assert_eq!(c.diagnostics[0].code, Code::Syntax);
    let gap = c.questionnaire("iso42001-gap").expect("gap present");
    assert_eq!(
        gap.title, "Fixture",
        "workspace file overrides the built-in with the same id"
    );
    assert!(
        c.questionnaire("iso42001-aiia").is_some(),
        "other built-ins still there"
    );
    assert_eq!(c.profiles.len(), catalog::builtin::PROFILES.len());
}

/// A built-in is skipped without being parsed when a valid workspace file overrides it, so
/// its id must be knowable from its file name; an override that does not load leaves the
/// built-in in place, and the order (built-ins first, overrides in their place) holds.
#[test]
fn builtin_ids_are_their_file_names_and_a_broken_override_keeps_the_builtin() {
    use clausewise::catalog::builtin::{PROFILES, QUESTIONNAIRES, id_of};
    let c = catalog::Catalog::builtin();
    let q_ids: Vec<&str> = c
        .questionnaires
        .iter()
        .map(|l| l.item.id.as_str())
        .collect();
    let p_ids: Vec<&str> = c.profiles.iter().map(|l| l.item.id.as_str()).collect();
    assert_eq!(
        q_ids,
        QUESTIONNAIRES
            .iter()
            .map(|(p, _)| id_of(p))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        p_ids,
        PROFILES.iter().map(|(p, _)| id_of(p)).collect::<Vec<_>>()
    );

    let text = std::fs::read_to_string("tests/fixtures/valid/questionnaire.json").expect("read");
    let with_id = |id: &str, extra: &str| SourceFile {
        path: format!("questionnaires/{id}.json"),
        bytes: text
            .replace("\"id\": \"fixture\"", &format!("\"id\": \"{id}\"{extra}"))
            .into_bytes(),
    };
    let broken = with_id("iso42001-aiia", ", \"unknown_field\": 1");
    let c = catalog::Catalog::load(&[with_id("iso42001-gap", ""), broken], &[]);
    assert_eq!(c.diagnostics.len(), 1, "{:?}", c.diagnostics);
    let origins: Vec<_> = c.questionnaires.iter().map(|l| l.origin.path()).collect();
    assert_eq!(
        origins,
        [
            "questionnaires/iso42001-gap.json",
            "builtin:questionnaires/iso42001-aiia.json",
            "builtin:questionnaires/ai-vendor-due-diligence.json",
            "builtin:questionnaires/eu-ai-act-high-risk.json",
        ]
    );
}

#[test]
fn a_snapshot_excluding_a_clause_or_justifying_with_a_stock_phrase_is_refused_at_its_place() {
    let file = fixture("snapshot-excluded-clause.json");
    let snap = catalog::snapshot::load_snapshot(&file).expect("parses");
    let cat = clausewise::catalog::Catalog::builtin();
    let qs: Vec<_> = cat.questionnaires.iter().map(|l| &l.item).collect();
    let ds = catalog::snapshot::check_answers(&file, &snap, &qs);
    let got: Vec<(usize, usize)> = ds.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(got, [(22, 28), (25, 20)], "{ds:?}");
    assert!(
        ds[0].message.contains("\"n/a\" is a stock phrase"),
        "{}",
        ds[0]
    );
    assert!(ds[1].message.contains("cannot be excluded"), "{}", ds[1]);
    assert!(
        ds[1]
            .to_string()
            .starts_with("tests/fixtures/invalid/snapshot-excluded-clause.json:25:20: error: ")
    );
}
