//! Who may see or change what. Every access decision in the service goes through `allowed`;
//! handlers turn a refusal into 404 so that existence does not leak.
use uuid::Uuid;

use super::roles::Role;

/// The person asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub id: Uuid,
    pub role: Role,
    pub local_authority: String,
}

/// The facts about a care leaver that access depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaverFacts {
    pub id: Uuid,
    pub local_authority: String,
    pub caseworker_id: Option<Uuid>,
    pub nurse_id: Option<Uuid>,
    pub shares_passport_with_caseworker: bool,
}

/// The kinds of record held about a care leaver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// Name, contact details, status, assignments, consents.
    Profile,
    /// Who looks after the young person: caseworker and nurse assignments.
    Assignments,
    /// The published passport (health data).
    Passport,
    /// The sexual health and substance use section of the passport.
    PassportSensitive,
    /// The nurse's working draft.
    PassportDraft,
    /// Acknowledgements and queries the young person raises on their passport.
    PassportFeedback,
    /// Chances4YOUth expressions of interest.
    ExpressionOfInterest,
    /// Applications for the care leavers' prescription scheme.
    PrescriptionApplication,
    /// Decisions on those applications.
    PrescriptionDecision,
    /// Who looked at the young person's records.
    AccessLog,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Write,
}

/// Is `viewer` allowed to `action` this `record` of `leaver`?
pub fn allowed(viewer: &Viewer, action: Action, record: Record, leaver: &LeaverFacts) -> bool {
    use Action::*;
    use Record::*;
    let same_authority = viewer.local_authority == leaver.local_authority;
    match viewer.role {
        Role::CareLeaver => {
            viewer.id == leaver.id
                && match record {
                    Profile
                    | Passport
                    | PassportSensitive
                    | PassportFeedback
                    | ExpressionOfInterest
                    | PrescriptionApplication
                    | AccessLog => true,
                    PrescriptionDecision => action == Read,
                    Assignments | PassportDraft => false,
                }
        }
        Role::Nurse => {
            same_authority
                && match record {
                    Profile
                    | Assignments
                    | Passport
                    | PassportDraft
                    | PassportFeedback
                    | PrescriptionApplication
                    | PrescriptionDecision => true,
                    // Their nurse: the assigned one, or any nurse of the authority while none is.
                    PassportSensitive => leaver.nurse_id.is_none_or(|n| n == viewer.id),
                    ExpressionOfInterest | AccessLog => false,
                }
        }
        Role::Caseworker => {
            leaver.caseworker_id == Some(viewer.id)
                && match record {
                    Profile | PrescriptionApplication => true,
                    // They follow the young person's Chances4YOUth form; HR and Connexions
                    // move it through the review.
                    ExpressionOfInterest | PrescriptionDecision => action == Read,
                    Passport => action == Read && leaver.shares_passport_with_caseworker,
                    Assignments | PassportSensitive | PassportDraft | PassportFeedback
                    | AccessLog => false,
                }
        }
        // Forms are only ever submitted with the consent to share with HR and Connexions, and
        // only with those of the young person's own authority.
        Role::Hr | Role::Connexions => same_authority && record == ExpressionOfInterest,
        // Every admin power stays inside the admin's own local authority; there, the audit
        // trail a subject access request needs is theirs to read.
        Role::Admin => {
            same_authority
                && (matches!(record, Profile | Assignments)
                    || (record == AccessLog && action == Read))
        }
    }
}

/// May this role create a care leaver account?
pub fn may_onboard_care_leavers(role: Role) -> bool {
    matches!(role, Role::Nurse | Role::Caseworker | Role::Admin)
}

/// May this role write health content (articles, the services directory) and see drafts?
/// The Children in Care nurses keep it current; admins can stand in. Everyone signed in
/// reads what is published.
pub fn may_edit_content(role: Role) -> bool {
    matches!(role, Role::Nurse | Role::Admin)
}

/// Does this role ever work with a caseload of care leavers?
pub fn lists_care_leavers(role: Role) -> bool {
    matches!(role, Role::Nurse | Role::Caseworker | Role::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Record::*;

    const ME: u128 = 1;
    const OTHER_LEAVER: u128 = 2;
    const MY_CASEWORKER: u128 = 10;
    const OTHER_CASEWORKER: u128 = 11;
    const MY_NURSE: u128 = 20;
    const OTHER_NURSE_SAME_LA: u128 = 21;
    const NURSE_OTHER_LA: u128 = 22;

    fn leaver(consent: bool) -> LeaverFacts {
        LeaverFacts {
            id: Uuid::from_u128(ME),
            local_authority: "dudley".into(),
            caseworker_id: Some(Uuid::from_u128(MY_CASEWORKER)),
            nurse_id: Some(Uuid::from_u128(MY_NURSE)),
            shares_passport_with_caseworker: consent,
        }
    }

    fn viewer(id: u128, role: Role, la: &str) -> Viewer {
        Viewer {
            id: Uuid::from_u128(id),
            role,
            local_authority: la.into(),
        }
    }

    const RECORDS: [Record; 10] = [
        Profile,
        Assignments,
        Passport,
        PassportSensitive,
        PassportDraft,
        PassportFeedback,
        ExpressionOfInterest,
        PrescriptionApplication,
        PrescriptionDecision,
        AccessLog,
    ];

    /// Every record kind a viewer may read, for one relationship.
    fn readable(v: &Viewer, consent: bool) -> Vec<Record> {
        RECORDS
            .into_iter()
            .filter(|r| allowed(v, Read, *r, &leaver(consent)))
            .collect()
    }

    #[test]
    fn every_role_reads_exactly_what_the_policy_says() {
        let cases: Vec<(&str, Viewer, bool, Vec<Record>)> = vec![
            (
                "the young person themself",
                viewer(ME, Role::CareLeaver, "dudley"),
                false,
                vec![
                    Profile,
                    Passport,
                    PassportSensitive,
                    PassportFeedback,
                    ExpressionOfInterest,
                    PrescriptionApplication,
                    PrescriptionDecision,
                    AccessLog,
                ],
            ),
            (
                "another care leaver",
                viewer(OTHER_LEAVER, Role::CareLeaver, "dudley"),
                true,
                vec![],
            ),
            (
                "their nurse",
                viewer(MY_NURSE, Role::Nurse, "dudley"),
                false,
                vec![
                    Profile,
                    Assignments,
                    Passport,
                    PassportSensitive,
                    PassportDraft,
                    PassportFeedback,
                    PrescriptionApplication,
                    PrescriptionDecision,
                ],
            ),
            (
                "another nurse of the same authority",
                viewer(OTHER_NURSE_SAME_LA, Role::Nurse, "dudley"),
                false,
                vec![
                    Profile,
                    Assignments,
                    Passport,
                    PassportDraft,
                    PassportFeedback,
                    PrescriptionApplication,
                    PrescriptionDecision,
                ],
            ),
            (
                "a nurse of another authority",
                viewer(NURSE_OTHER_LA, Role::Nurse, "sandwell"),
                true,
                vec![],
            ),
            (
                "their caseworker without consent",
                viewer(MY_CASEWORKER, Role::Caseworker, "dudley"),
                false,
                vec![
                    Profile,
                    ExpressionOfInterest,
                    PrescriptionApplication,
                    PrescriptionDecision,
                ],
            ),
            (
                "their caseworker with consent",
                viewer(MY_CASEWORKER, Role::Caseworker, "dudley"),
                true,
                vec![
                    Profile,
                    Passport,
                    ExpressionOfInterest,
                    PrescriptionApplication,
                    PrescriptionDecision,
                ],
            ),
            (
                "a caseworker with another caseload",
                viewer(OTHER_CASEWORKER, Role::Caseworker, "dudley"),
                true,
                vec![],
            ),
            (
                "HR",
                viewer(30, Role::Hr, "dudley"),
                true,
                vec![ExpressionOfInterest],
            ),
            (
                "Connexions",
                viewer(31, Role::Connexions, "dudley"),
                true,
                vec![ExpressionOfInterest],
            ),
            (
                "HR of another authority",
                viewer(32, Role::Hr, "sandwell"),
                true,
                vec![],
            ),
            (
                "Connexions of another authority",
                viewer(33, Role::Connexions, "walsall"),
                true,
                vec![],
            ),
            (
                "an admin",
                viewer(40, Role::Admin, "dudley"),
                true,
                vec![Profile, Assignments, AccessLog],
            ),
        ];
        for (who, v, consent, expected) in cases {
            assert_eq!(readable(&v, consent), expected, "{who}");
        }
    }

    #[test]
    fn no_one_but_nurses_writes_a_passport_and_no_one_else_writes_a_decision() {
        let l = leaver(true);
        for role in Role::ALL {
            let v = viewer(
                if role == Role::Nurse { MY_NURSE } else { ME },
                role,
                "dudley",
            );
            assert_eq!(
                allowed(&v, Write, PassportDraft, &l),
                role == Role::Nurse,
                "{role}"
            );
            assert_eq!(
                allowed(&v, Write, PrescriptionDecision, &l),
                role == Role::Nurse,
                "{role}"
            );
        }
    }

    #[test]
    fn only_nurses_and_admins_edit_health_content() {
        let cases = [
            (Role::CareLeaver, false),
            (Role::Nurse, true),
            (Role::Caseworker, false),
            (Role::Hr, false),
            (Role::Connexions, false),
            (Role::Admin, true),
        ];
        assert_eq!(cases.len(), Role::ALL.len());
        for (role, expected) in cases {
            assert_eq!(may_edit_content(role), expected, "{role}");
        }
    }

    #[test]
    fn only_the_young_person_and_same_authority_reviewers_change_an_expression_of_interest() {
        let l = leaver(true);
        let cases = [
            (
                "the young person",
                viewer(ME, Role::CareLeaver, "dudley"),
                true,
            ),
            (
                "their caseworker",
                viewer(MY_CASEWORKER, Role::Caseworker, "dudley"),
                false,
            ),
            ("HR", viewer(30, Role::Hr, "dudley"), true),
            ("Connexions", viewer(31, Role::Connexions, "dudley"), true),
            (
                "HR of another authority",
                viewer(32, Role::Hr, "sandwell"),
                false,
            ),
            (
                "their nurse",
                viewer(MY_NURSE, Role::Nurse, "dudley"),
                false,
            ),
            ("an admin", viewer(40, Role::Admin, "dudley"), false),
        ];
        for (who, v, expected) in cases {
            assert_eq!(
                allowed(&v, Write, ExpressionOfInterest, &l),
                expected,
                "{who}"
            );
        }
    }

    #[test]
    fn a_caseworker_never_writes_a_passport_even_with_consent() {
        let v = viewer(MY_CASEWORKER, Role::Caseworker, "dudley");
        assert!(!allowed(&v, Write, Passport, &leaver(true)));
    }

    #[test]
    fn any_authority_nurse_sees_the_sensitive_section_only_while_no_nurse_is_assigned() {
        let mut l = leaver(false);
        let v = viewer(OTHER_NURSE_SAME_LA, Role::Nurse, "dudley");
        assert!(!allowed(&v, Read, PassportSensitive, &l));
        l.nurse_id = None;
        assert!(allowed(&v, Read, PassportSensitive, &l));
    }
}
