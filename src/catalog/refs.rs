//! Well-formedness of crosswalk references, per framework, and of ids and versions.

/// Whether `reference` looks like an identifier of `framework`; `None` for an unknown
/// framework.
pub fn mapping_ref_ok(framework: &str, reference: &str) -> Option<bool> {
    let ok = match framework {
        "nist-ai-rmf" => nist_ai_rmf(reference),
        "eu-ai-act" => eu_ai_act(reference),
        "iso27001" => iso27001(reference),
        "soc2" => soc2(reference),
        "nist-csf" => nist_csf(reference),
        "hitrust" => hitrust(reference),
        "iso42001" => iso42001(reference),
        _ => return None,
    };
    Some(ok)
}

/// An example of a well-formed reference, for error messages.
pub fn mapping_ref_example(framework: &str) -> &'static str {
    match framework {
        "nist-ai-rmf" => "`GOVERN 1.1` or `MAP 5`",
        "eu-ai-act" => "`Art. 9`, `Art. 26(6)` or `Annex IV`",
        "iso27001" => "`6.1.2` or `A.5.19`",
        "soc2" => "`CC3.2`, `C1.1` or `P1.1`",
        "nist-csf" => "`GV.SC` or `PR.AT-02`",
        "hitrust" => "`05.k` or `11.a`",
        "iso42001" => "`6.1.2` or `A.6.2.8`",
        _ => "",
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `1`, `1.2`, `1.2.3`.
fn dotted_number(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(digits)
}

fn nist_ai_rmf(r: &str) -> bool {
    let Some((func, num)) = r.split_once(' ') else {
        return false;
    };
    matches!(func, "GOVERN" | "MAP" | "MEASURE" | "MANAGE")
        && dotted_number(num)
        && num.split('.').count() <= 2
}

fn eu_ai_act(r: &str) -> bool {
    if let Some(rest) = r.strip_prefix("Art. ") {
        let (num, para) = match rest.split_once('(') {
            Some((n, p)) => (n, Some(p)),
            None => (rest, None),
        };
        return digits(num)
            && para.is_none_or(|p| {
                p.strip_suffix(')').is_some_and(|p| {
                    p.split(")(").all(|part| {
                        digits(part)
                            || (part.len() == 1 && part.bytes().all(|b| b.is_ascii_lowercase()))
                    })
                })
            });
    }
    if let Some(rest) = r.strip_prefix("Annex ") {
        return !rest.is_empty() && rest.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'));
    }
    false
}

fn iso27001(r: &str) -> bool {
    match r.strip_prefix("A.") {
        Some(rest) => dotted_number(rest) && rest.split('.').count() == 2,
        None => dotted_number(r) && r.split('.').count() <= 3,
    }
}

/// A criterion, `CC3.2` or `P1.1`: a series letter, the principle and the criterion number
/// (a bare principle such as `P1` names no criterion).
fn soc2(r: &str) -> bool {
    let split = r.find(|c: char| c.is_ascii_digit()).unwrap_or(r.len());
    let (prefix, num) = r.split_at(split);
    matches!(prefix, "CC" | "A" | "C" | "PI" | "P")
        && dotted_number(num)
        && num.split('.').count() == 2
}

fn nist_csf(r: &str) -> bool {
    let Some((func, rest)) = r.split_once('.') else {
        return false;
    };
    let (cat, sub) = match rest.split_once('-') {
        Some((c, s)) => (c, Some(s)),
        None => (rest, None),
    };
    matches!(func, "GV" | "ID" | "PR" | "DE" | "RS" | "RC")
        && cat.len() == 2
        && cat.bytes().all(|b| b.is_ascii_uppercase())
        && sub.is_none_or(|s| s.len() == 2 && digits(s))
}

/// A control reference, `05.k` or `09.aa`: the two-digit category and the control letter(s)
/// (a bare category such as `13` names no control).
fn hitrust(r: &str) -> bool {
    r.split_once('.').is_some_and(|(n, l)| {
        n.len() == 2
            && digits(n)
            && (1..=2).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_lowercase())
    })
}

/// ISO/IEC 42001:2023: a requirement clause 4 to 10 (`6.1.2`) or an Annex A control or group
/// (`A.6.2.8`, `A.5`).
fn iso42001(r: &str) -> bool {
    let (body, first_ok): (&str, fn(u32) -> bool) = match r.strip_prefix("A.") {
        Some(rest) => (rest, |n| (2..=10).contains(&n)),
        None => (r, |n| (4..=10).contains(&n)),
    };
    dotted_number(body)
        && body.split('.').count() <= 3
        && body
            .split('.')
            .next()
            .and_then(|n| n.parse().ok())
            .is_some_and(first_ok)
}

/// Ids: lowercase ASCII letters and digits, with `-`, `_` or `.` between them.
pub fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
        && id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
}

/// `MAJOR.MINOR.PATCH` with no leading zeros.
pub fn semver_ok(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_refs() {
        for (fw, good, bad) in [
            (
                "nist-ai-rmf",
                &["GOVERN 1.1", "MAP 5", "MEASURE 2.13", "MANAGE 4.1"][..],
                &["GV1.1", "GOVERN", "govern 1.1", "MAP 1.2.3"][..],
            ),
            (
                "eu-ai-act",
                &[
                    "Art. 9",
                    "Art. 26(6)",
                    "Art. 9(2)(a)",
                    "Annex IV",
                    "Annex III",
                ],
                &["Article 9", "Art 9", "Annex 4", "Art. 9("],
            ),
            (
                "iso27001",
                &["6.1.2", "A.5.19", "9.1", "4"],
                &["A.5", "A.5.19.1", "Cl. 7", "5.x"],
            ),
            (
                "soc2",
                &["CC3.2", "C1.1", "P1.1", "PI1.3", "A1.2"],
                &["CC", "X1.1", "CC3.2.1", "cc3.2", "P1", "CC7"],
            ),
            (
                "nist-csf",
                &["GV.SC", "PR.AT-02", "ID.RA", "DE.CM-01"],
                &["GV", "PR.AT-2", "XX.AA", "GV.sc"],
            ),
            (
                "hitrust",
                &["05.k", "09.aa", "13.a", "00.a"],
                &["5.k", "05.K", "05.abc", "123", "13", "11"],
            ),
            (
                "iso42001",
                &["4.1", "6.1.2", "10.2", "A.6.2.8", "A.10.4", "A.5"],
                &[
                    "3.1",
                    "11",
                    "A.1.1",
                    "A.11.2",
                    "Cl. 7",
                    "A.6.2.8.1",
                    "6.1.2.1",
                ],
            ),
        ] {
            for g in good {
                assert_eq!(mapping_ref_ok(fw, g), Some(true), "{fw} {g}");
            }
            for b in bad {
                assert_eq!(mapping_ref_ok(fw, b), Some(false), "{fw} {b}");
            }
        }
        assert_eq!(mapping_ref_ok("cobit", "X"), None);
    }

    #[test]
    fn ids_and_versions() {
        assert!(id_ok("c6.1.2.risk-criteria"));
        assert!(id_ok("a10_3"));
        for bad in ["", "Upper", "has space", "-lead", "trail.", "é"] {
            assert!(!id_ok(bad), "{bad}");
        }
        assert!(semver_ok("1.0.0") && semver_ok("10.20.3"));
        for bad in ["1.0", "1.0.0-beta", "01.0.0", "a.b.c", "1..0"] {
            assert!(!semver_ok(bad), "{bad}");
        }
    }
}
