//! The organization's AI role as its inventory records it. ISO/IEC 42001 controls that
//! apply to providers (A.6.1.2, A.6.1.3 and the like) apply when *any* in-scope AI system
//! is provided by the organization, whatever the profile's default says; the profile's
//! role only fills in for systems without a recorded role, and stands alone when the
//! inventory holds no AI system.

use std::borrow::Cow;

use crate::model::{AiRole, Profile, Subject, SubjectKind};

/// The union of the roles of the in-scope (not retired) AI systems, each system without a
/// role counting as the profile's; the profile's role when there is no such system. A
/// component supplier counts as a provider (it makes AI available to others).
pub fn organization_role(profile_role: AiRole, subjects: &[Subject]) -> AiRole {
    let (mut provider, mut deployer, mut any) = (false, false, false);
    let systems = (subjects.iter()).filter(|s| s.kind == SubjectKind::AiSystem && !s.retired);
    for s in systems {
        any = true;
        match s.role.unwrap_or(profile_role) {
            AiRole::Provider | AiRole::ComponentSupplier => provider = true,
            AiRole::Deployer => deployer = true,
            AiRole::Both => (provider, deployer) = (true, true),
        }
    }
    match (any, provider, deployer) {
        (false, ..) => profile_role,
        (true, true, true) => AiRole::Both,
        (true, true, false) => AiRole::Provider,
        _ => AiRole::Deployer,
    }
}

/// The profile the gap assessment is scored under: the given one with its `ai_role`
/// replaced by [`organization_role`] when the inventory says otherwise.
pub fn gap_profile<'p>(profile: &'p Profile, subjects: &[Subject]) -> Cow<'p, Profile> {
    let role = organization_role(profile.ai_role, subjects);
    if role == profile.ai_role {
        Cow::Borrowed(profile)
    } else {
        let mut p = profile.clone();
        p.ai_role = role;
        Cow::Owned(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn system(id: &str, role: Option<AiRole>, retired: bool) -> Subject {
        let mut s: Subject = serde_json::from_value(serde_json::json!({
            "id": id, "kind": "ai_system", "name": id
        }))
        .expect("subject");
        s.role = role;
        s.retired = retired;
        s
    }

    #[test]
    fn a_system_recorded_as_provider_makes_a_deployer_profile_provider_too() {
        // The healthcare profile defaults to deployer; one in-house system is a provider.
        let subjects = [
            system("triage", Some(AiRole::Provider), false),
            system("scribe", None, false),
        ];
        assert_eq!(organization_role(AiRole::Deployer, &subjects), AiRole::Both);
        assert_eq!(
            organization_role(AiRole::Deployer, &subjects[..1]),
            AiRole::Provider
        );
    }

    #[test]
    fn the_profile_fills_in_and_stands_alone_without_systems() {
        assert_eq!(organization_role(AiRole::Both, &[]), AiRole::Both);
        let unknown = [system("a", None, false)];
        assert_eq!(
            organization_role(AiRole::Deployer, &unknown),
            AiRole::Deployer
        );
        // A retired provider system no longer counts.
        let retired = [
            system("old", Some(AiRole::Provider), true),
            system("a", None, false),
        ];
        assert_eq!(
            organization_role(AiRole::Deployer, &retired),
            AiRole::Deployer
        );
    }
}
