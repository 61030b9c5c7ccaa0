//! Who may see or change what. Every access decision in the service goes through `allowed`;
//! handlers turn a refusal into 404 so that existence does not leak.
use entity::expression_of_interest::AgeBand;
use sea_orm::EnumIter;
use uuid::Uuid;

use super::roles::Role;

/// The person asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub id: Uuid,
    pub role: Role,
    pub local_authority: String,
}

/// Anyone the policy decides for: a signed-in API user, a service's `Actor`, a `Viewer`.
pub trait AsViewer {
    fn as_viewer(&self) -> Viewer;
}

impl AsViewer for Viewer {
    fn as_viewer(&self) -> Viewer {
        self.clone()
    }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter)]
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
    /// The education answers on an expression of interest (what the young person does now,
    /// English, maths and the level sought): all the Virtual School reads of a form.
    EducationAnswers,
    /// Applications for the care leavers' prescription scheme.
    PrescriptionApplication,
    /// Decisions on those applications.
    PrescriptionDecision,
    /// The health facts inside an application (maternity or medical exemption, inpatient
    /// stay, limited capability for work): as private as the passport.
    PrescriptionFacts,
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
                    | EducationAnswers
                    | PrescriptionApplication
                    | PrescriptionFacts
                    | AccessLog => true,
                    PrescriptionDecision => action == Read,
                    Assignments | PassportDraft => false,
                }
        }
        Role::Nurse => {
            same_authority
                && match record {
                    Profile
                    | Passport
                    | PassportDraft
                    | PassportFeedback
                    | PrescriptionApplication
                    | PrescriptionDecision
                    | PrescriptionFacts => true,
                    // Any nurse of the authority sees who looks after the young person; only
                    // the assigned nurse changes it (handing over to a colleague). Otherwise a
                    // nurse could assign herself and so open the sensitive section.
                    Assignments => action == Read || leaver.nurse_id == Some(viewer.id),
                    // Their nurse: the assigned one, or any nurse of the authority while none is.
                    PassportSensitive => leaver.nurse_id.is_none_or(|n| n == viewer.id),
                    ExpressionOfInterest | EducationAnswers | AccessLog => false,
                }
        }
        Role::Caseworker => {
            // Their own young people, and only inside their council: a caseworker id on
            // another council's record (which no admin can set) opens nothing.
            leaver.caseworker_id == Some(viewer.id)
                && same_authority
                && match record {
                    Profile | PrescriptionApplication => true,
                    // They follow the young person's Chances4YOUth form; HR and Connexions
                    // move it through the review.
                    ExpressionOfInterest | EducationAnswers | PrescriptionDecision => {
                        action == Read
                    }
                    // The same consent as the passport: without it, an application shows its
                    // status and dates only.
                    Passport | PrescriptionFacts => {
                        action == Read && leaver.shares_passport_with_caseworker
                    }
                    Assignments | PassportSensitive | PassportDraft | PassportFeedback
                    | AccessLog => false,
                }
        }
        // Forms are only ever submitted with the consent to share with HR and Connexions, and
        // only with those of the young person's own authority.
        Role::Hr | Role::Connexions => {
            same_authority && matches!(record, ExpressionOfInterest | EducationAnswers)
        }
        // Education staff read the education answers of their authority's forms, never move a
        // form (the review is HR's and Connexions'), and only for 16–17-year-olds
        // (`sees_form_of_age_band`, which needs the form).
        Role::VirtualSchool => same_authority && record == EducationAnswers && action == Read,
        // Every admin power stays inside the admin's own local authority; there, the audit
        // trail a subject access request needs is theirs to read.
        Role::Admin => {
            same_authority
                && (matches!(record, Profile | Assignments)
                    || (record == AccessLog && action == Read))
        }
    }
}

/// When a new care leaver is created, which of the staff assignments the creator sets is one
/// they may not make? `None` when all are allowed. The same rule as `Assignments`: admins
/// assign anyone of their authority; the nurse who creates the record is its first assigned
/// nurse and may hand it over at once; a caseworker may only take the young person onto their
/// own caseload and never chooses the nurse.
pub fn refused_assignment_at_creation(
    viewer: &Viewer,
    caseworker_id: Option<Uuid>,
    nurse_id: Option<Uuid>,
) -> Option<&'static str> {
    match viewer.role {
        Role::Admin => None,
        Role::Nurse => None,
        Role::Caseworker => {
            if nurse_id.is_some() {
                Some("nurse_id")
            } else if caseworker_id.is_some_and(|c| c != viewer.id) {
                Some("caseworker_id")
            } else {
                None
            }
        }
        Role::CareLeaver | Role::Hr | Role::Connexions | Role::VirtualSchool => {
            if nurse_id.is_some() {
                Some("nurse_id")
            } else {
                caseworker_id.map(|_| "caseworker_id")
            }
        }
    }
}

/// Whether `role` sees a form sent in `age_band` at all: the Virtual School sees only those
/// sent at 16 or 17 (the form's age band when it was sent, so a form does not vanish from
/// their list on a birthday mid-review, and the list's filter is the same indexed column).
pub fn sees_form_of_age_band(role: Role, age_band: AgeBand) -> bool {
    role != Role::VirtualSchool || age_band == VIRTUAL_SCHOOL_AGE_BAND
}

/// The one age band the Virtual School sees.
pub const VIRTUAL_SCHOOL_AGE_BAND: AgeBand = AgeBand::Aged16To17;

/// May this admin act on an account (a member of staff, or the outbox mail to them) that
/// belongs to `local_authority`? Admins act only inside their own authority.
pub fn admin_may_manage(viewer: &Viewer, local_authority: &str) -> bool {
    may(viewer.role, Power::ManageAccounts) && viewer.local_authority == local_authority
}

/// May this person see or end a sign-in session? Only their own: a session of anyone else,
/// of any council, looks like one that does not exist.
pub fn owns_session(viewer: &Viewer, session_user: Uuid) -> bool {
    viewer.id == session_user
}

/// What a role may do whoever the record is about. Decisions about one young person's records
/// are `allowed`'s; these are the powers a route or a page needs before any record is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter)]
pub enum Power {
    /// Hold records of one's own: a passport, expressions of interest, prescription
    /// applications, an access log.
    HoldOwnRecords,
    /// Create care leaver accounts and list the care leavers one works with (caseworkers: their
    /// caseload; nurses and admins: the authority's).
    OnboardCareLeavers,
    /// Write health content (articles, the services directory) and see drafts. The Children in
    /// Care nurses keep it current; admins can stand in. Everyone signed in reads what is
    /// published.
    EditContent,
    /// A Children in Care nurse's work: the passports due, the authority's prescription
    /// applications and their notes, resolving young people's queries.
    NurseWork,
    /// Approve or decline prescription applications. Only the Designated Nurse for Children in
    /// Care does (the ICB's published process): the role is a nurse's, the designation is the
    /// account's, so `may` is only half of the decision.
    DecidePrescriptions,
    /// See a young person's NHS number on their record.
    SeeNhsNumber,
    /// Read the prescriptions scheme's report (counts only).
    ReadPrescriptionReport,
    /// Follow young people's Chances4YOUth expressions of interest.
    FollowInterest,
    /// Move an expression of interest through the review.
    ReviewInterest,
    /// Read the Chances4YOUth outcomes report.
    ReadInterestReport,
    /// Read the Board's health passports report (counts only).
    ReadPassportReport,
    /// Read the education answers on the forms of 16–17-year-olds (the Virtual School).
    ReadEducationAnswers,
    /// Manage the authority's staff accounts and the mail sent to them.
    ManageAccounts,
    /// Use the staff console.
    UseConsole,
    /// Follow one's own caseload (caseworkers): each young person's passport status, scheme
    /// certificate, Chances4YOUth progress and the e-mails one was sent about them.
    FollowCaseload,
}

/// May `role` use `power`? The one table of role-only decisions: route guards
/// (`auth::guard::Caller<R>`), the console's guards and the services ask it.
pub fn may(role: Role, power: Power) -> bool {
    use Role::*;
    match power {
        Power::HoldOwnRecords => role == CareLeaver,
        Power::OnboardCareLeavers => matches!(role, Nurse | Caseworker | Admin),
        Power::EditContent => matches!(role, Nurse | Admin),
        Power::NurseWork | Power::DecidePrescriptions => role == Nurse,
        Power::SeeNhsNumber => matches!(role, Nurse | CareLeaver),
        Power::ReadPrescriptionReport => matches!(role, Nurse | Admin),
        Power::FollowInterest => matches!(role, Hr | Connexions | Caseworker),
        Power::ReviewInterest => matches!(role, Hr | Connexions),
        Power::ReadInterestReport => matches!(role, Hr | Connexions | Admin),
        Power::ReadPassportReport => matches!(role, Nurse | Admin),
        Power::ReadEducationAnswers => role == VirtualSchool,
        Power::ManageAccounts => role == Admin,
        Power::UseConsole => role.is_staff(),
        Power::FollowCaseload => role == Caseworker,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Record::*;
    use sea_orm::Iterable;

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

    /// Every record kind a viewer may read, for one relationship.
    fn readable(v: &Viewer, consent: bool) -> Vec<Record> {
        Record::iter()
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
                    EducationAnswers,
                    PrescriptionApplication,
                    PrescriptionDecision,
                    PrescriptionFacts,
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
                    PrescriptionFacts,
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
                    PrescriptionFacts,
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
                    EducationAnswers,
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
                    EducationAnswers,
                    PrescriptionApplication,
                    PrescriptionDecision,
                    PrescriptionFacts,
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
                vec![ExpressionOfInterest, EducationAnswers],
            ),
            (
                "Connexions",
                viewer(31, Role::Connexions, "dudley"),
                true,
                vec![ExpressionOfInterest, EducationAnswers],
            ),
            (
                "the Virtual School",
                viewer(34, Role::VirtualSchool, "dudley"),
                true,
                vec![EducationAnswers],
            ),
            (
                "the Virtual School of another authority",
                viewer(35, Role::VirtualSchool, "sandwell"),
                true,
                vec![],
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
    fn no_one_of_another_council_reads_or_writes_any_record_of_a_young_person() {
        let l = leaver(true);
        // Same ids as the young person's own staff, so only the authority differs.
        let ids = [
            (Role::CareLeaver, ME),
            (Role::Nurse, MY_NURSE),
            (Role::Caseworker, MY_CASEWORKER),
            (Role::Hr, 30),
            (Role::Connexions, 31),
            (Role::Admin, 40),
            (Role::VirtualSchool, 34),
        ];
        assert_eq!(ids.len(), Role::iter().len());
        for (role, id) in ids {
            if role == Role::CareLeaver {
                // A young person's records are their own by identity: covered above.
                continue;
            }
            let v = viewer(id, role, "sandwell");
            for record in Record::iter() {
                for action in [Read, Write] {
                    assert!(
                        !allowed(&v, action, record, &l),
                        "{role} of sandwell: {action:?} {record:?}"
                    );
                }
            }
            assert!(!admin_may_manage(&v, "dudley"), "{role} managing dudley");
            assert!(!owns_session(&v, Uuid::from_u128(ME)), "{role}: a session");
        }
        let dudley_admin = viewer(40, Role::Admin, "dudley");
        assert!(admin_may_manage(&dudley_admin, "dudley"));
        assert!(!admin_may_manage(
            &viewer(20, Role::Nurse, "dudley"),
            "dudley"
        ));
    }

    #[test]
    fn assignments_are_changed_only_by_admins_of_the_authority_and_the_assigned_nurse() {
        let l = leaver(false);
        let cases = [
            ("an admin", viewer(40, Role::Admin, "dudley"), true),
            (
                "an admin of another authority",
                viewer(41, Role::Admin, "sandwell"),
                false,
            ),
            (
                "their nurse, handing over",
                viewer(MY_NURSE, Role::Nurse, "dudley"),
                true,
            ),
            (
                "another nurse of the authority",
                viewer(OTHER_NURSE_SAME_LA, Role::Nurse, "dudley"),
                false,
            ),
            (
                "their caseworker",
                viewer(MY_CASEWORKER, Role::Caseworker, "dudley"),
                false,
            ),
            (
                "the young person",
                viewer(ME, Role::CareLeaver, "dudley"),
                false,
            ),
        ];
        for (who, v, expected) in cases {
            assert_eq!(allowed(&v, Write, Assignments, &l), expected, "{who}");
        }
    }

    #[test]
    fn at_creation_a_caseworker_never_chooses_the_nurse_or_another_caseworker() {
        let me = viewer(MY_CASEWORKER, Role::Caseworker, "dudley");
        let some = |n: u128| Some(Uuid::from_u128(n));
        assert_eq!(
            refused_assignment_at_creation(&me, some(MY_CASEWORKER), None),
            None
        );
        assert_eq!(
            refused_assignment_at_creation(&me, some(MY_CASEWORKER), some(MY_NURSE)),
            Some("nurse_id")
        );
        assert_eq!(
            refused_assignment_at_creation(&me, some(OTHER_CASEWORKER), None),
            Some("caseworker_id")
        );
        let admin = viewer(40, Role::Admin, "dudley");
        assert_eq!(
            refused_assignment_at_creation(&admin, some(MY_CASEWORKER), some(MY_NURSE)),
            None
        );
    }

    #[test]
    fn no_one_but_nurses_writes_a_passport_and_no_one_else_writes_a_decision() {
        let l = leaver(true);
        for role in Role::iter() {
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
    fn each_power_belongs_to_exactly_the_roles_in_this_table() {
        use Role::*;
        const F: bool = false;
        const T: bool = true;
        // Columns: CareLeaver, Nurse, Caseworker, Hr, Connexions, Admin, VirtualSchool.
        let table: [(Power, [bool; 7]); 15] = [
            (Power::HoldOwnRecords, [T, F, F, F, F, F, F]),
            (Power::OnboardCareLeavers, [F, T, T, F, F, T, F]),
            (Power::EditContent, [F, T, F, F, F, T, F]),
            (Power::NurseWork, [F, T, F, F, F, F, F]),
            (Power::DecidePrescriptions, [F, T, F, F, F, F, F]),
            (Power::SeeNhsNumber, [T, T, F, F, F, F, F]),
            (Power::ReadPrescriptionReport, [F, T, F, F, F, T, F]),
            (Power::FollowInterest, [F, F, T, T, T, F, F]),
            (Power::ReviewInterest, [F, F, F, T, T, F, F]),
            (Power::ReadInterestReport, [F, F, F, T, T, T, F]),
            (Power::ReadPassportReport, [F, T, F, F, F, T, F]),
            (Power::ReadEducationAnswers, [F, F, F, F, F, F, T]),
            (Power::ManageAccounts, [F, F, F, F, F, T, F]),
            (Power::UseConsole, [F, T, T, T, T, T, T]),
            (Power::FollowCaseload, [F, F, T, F, F, F, F]),
        ];
        assert_eq!(
            table.map(|(p, _)| p).to_vec(),
            Power::iter().collect::<Vec<_>>()
        );
        let roles = [
            CareLeaver,
            Nurse,
            Caseworker,
            Hr,
            Connexions,
            Admin,
            VirtualSchool,
        ];
        assert_eq!(roles.to_vec(), Role::iter().collect::<Vec<_>>());
        for (power, expected) in table {
            for (role, expected) in roles.into_iter().zip(expected) {
                assert_eq!(may(role, power), expected, "{role} {power:?}");
            }
        }
    }

    #[test]
    fn the_virtual_school_sees_only_forms_sent_at_16_or_17_and_others_see_every_age() {
        for band in AgeBand::iter() {
            assert_eq!(
                sees_form_of_age_band(Role::VirtualSchool, band),
                band == AgeBand::Aged16To17,
                "{band}"
            );
            for role in [Role::Hr, Role::Connexions, Role::Caseworker] {
                assert!(sees_form_of_age_band(role, band), "{role} {band}");
            }
        }
    }

    #[test]
    fn the_virtual_school_never_moves_a_form() {
        let v = viewer(34, Role::VirtualSchool, "dudley");
        for record in Record::iter() {
            assert!(!allowed(&v, Write, record, &leaver(true)), "{record:?}");
        }
        assert!(!may(Role::VirtualSchool, Power::ReviewInterest));
    }

    #[test]
    fn no_power_of_a_young_person_is_a_staff_power() {
        for power in Power::iter() {
            let leaver = may(Role::CareLeaver, power);
            let staff = Role::iter().filter(|r| r.is_staff()).any(|r| may(r, power));
            // Seeing one's own NHS number is the one power young people share with nurses.
            assert!(
                !(leaver && staff) || power == Power::SeeNhsNumber,
                "{power:?}"
            );
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
