//! Labels: the words the app shows for every enum a young person meets, so it never shows an
//! id. The options endpoint lists them; responses carry `status_label` beside `status`.
use crate::apprenticeships::{
    form::{
        ContactMethod, CurrentActivity, DrivingLicence, HoursWanted, QualificationLevel,
        RightToWork,
    },
    workflow::EoiStatus,
};
use crate::auth::Role;
use crate::prescriptions::views::ApplicationStatus;

pub const EOI_STATUSES: [(EoiStatus, &str); 15] = [
    (EoiStatus::Submitted, "Sent"),
    (EoiStatus::Acknowledged, "Received by the team"),
    (EoiStatus::InReview, "Being reviewed"),
    (EoiStatus::InterviewOffered, "Interview offered"),
    (EoiStatus::WorkExperienceOffered, "Work experience offered"),
    (
        EoiStatus::MockInterviewOffered,
        "Practice interview offered",
    ),
    (EoiStatus::CoachingOffered, "Coaching offered"),
    (EoiStatus::PlacementOffered, "Placement offered"),
    (EoiStatus::Started, "Started"),
    (EoiStatus::Continuing, "Still going"),
    (EoiStatus::Completed, "Finished"),
    (EoiStatus::LeftEarly, "Left early"),
    (EoiStatus::MovedOn, "Moved on to a job or training"),
    (EoiStatus::NotProgressed, "Not taken further this time"),
    (EoiStatus::Withdrawn, "Withdrawn"),
];

pub const ACTIVITIES: [(CurrentActivity, &str); 10] = [
    (CurrentActivity::School, "At school"),
    (CurrentActivity::College, "At college"),
    (CurrentActivity::University, "At university"),
    (CurrentActivity::Apprenticeship, "Doing an apprenticeship"),
    (CurrentActivity::TrainingCourse, "On a training course"),
    (CurrentActivity::EmployedFullTime, "Working full time"),
    (CurrentActivity::EmployedPartTime, "Working part time"),
    (CurrentActivity::SelfEmployed, "Working for myself"),
    (CurrentActivity::Volunteering, "Volunteering"),
    (CurrentActivity::NotInAny, "None of these right now"),
];

pub const QUALIFICATION_LEVELS: [(QualificationLevel, &str); 5] = [
    (QualificationLevel::None, "None yet"),
    (QualificationLevel::EntryLevel, "Entry level"),
    (
        QualificationLevel::Level1,
        "GCSE grade 1 to 3, or Functional Skills level 1",
    ),
    (
        QualificationLevel::Level2OrAbove,
        "GCSE grade 4 or higher, or Functional Skills level 2",
    ),
    (QualificationLevel::NotSure, "Not sure"),
];

pub const HOURS: [(HoursWanted, &str); 4] = [
    (HoursWanted::FullTime, "Full time"),
    (HoursWanted::PartTime, "Part time"),
    (HoursWanted::Flexible, "Flexible"),
    (HoursWanted::NotSure, "Not sure"),
];

pub const DRIVING_LICENCES: [(DrivingLicence, &str); 3] = [
    (DrivingLicence::None, "No licence"),
    (DrivingLicence::Provisional, "Provisional licence (learner)"),
    (DrivingLicence::Full, "Full licence"),
];

pub const RIGHT_TO_WORK: [(RightToWork, &str); 4] = [
    (RightToWork::Yes, "Yes"),
    (RightToWork::Pending, "Waiting for a Home Office decision"),
    (RightToWork::No, "No"),
    (RightToWork::NotSure, "Not sure"),
];

pub const CONTACT_METHODS: [(ContactMethod, &str); 3] = [
    (ContactMethod::Phone, "Phone call"),
    (ContactMethod::Text, "Text message"),
    (ContactMethod::Email, "E-mail"),
];

pub const APPLICATION_STATUSES: [(ApplicationStatus, &str); 4] = [
    (ApplicationStatus::Submitted, "Waiting for a decision"),
    (ApplicationStatus::Approved, "Approved"),
    (ApplicationStatus::Declined, "Not approved"),
    (ApplicationStatus::Withdrawn, "Withdrawn"),
];

/// The label of a free-prescription application's status.
pub fn application_status(status: ApplicationStatus) -> &'static str {
    APPLICATION_STATUSES
        .iter()
        .find(|(s, _)| *s == status)
        .map_or("", |(_, label)| label)
}

/// Who someone is, in the access log's summary ("Sam Jones (your nurse) read your health
/// passport.").
pub fn role_in_access_log(role: Role) -> &'static str {
    match role {
        Role::CareLeaver => "you",
        Role::Nurse => "your nurse",
        Role::Caseworker => "your adviser",
        Role::Hr => "the HR team",
        Role::Connexions => "Connexions",
        Role::Admin => "an admin",
        Role::VirtualSchool => "the Virtual School",
    }
}

/// The label of a Chances4YOUth status.
pub fn eoi_status(status: EoiStatus) -> &'static str {
    EOI_STATUSES
        .iter()
        .find(|(s, _)| *s == status)
        .map_or("", |(_, label)| label)
}

/// Why a closed form cannot be changed, naming its status in words.
pub fn eoi_closed(status: EoiStatus) -> String {
    let label = eoi_status(status).to_lowercase();
    format!(
        "You cannot change this form now. Its status is: {label}. You can send a new form at \
         any time, and the team can help."
    )
}

/// Every label, for the readability test.
pub fn all() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = Vec::new();
    all.extend(EOI_STATUSES.iter().map(|(_, l)| *l));
    all.extend(ACTIVITIES.iter().map(|(_, l)| *l));
    all.extend(QUALIFICATION_LEVELS.iter().map(|(_, l)| *l));
    all.extend(HOURS.iter().map(|(_, l)| *l));
    all.extend(DRIVING_LICENCES.iter().map(|(_, l)| *l));
    all.extend(RIGHT_TO_WORK.iter().map(|(_, l)| *l));
    all.extend(CONTACT_METHODS.iter().map(|(_, l)| *l));
    all.extend(APPLICATION_STATUSES.iter().map(|(_, l)| *l));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn every_status_has_a_label_that_is_not_its_id() {
        for status in EoiStatus::iter() {
            let label = eoi_status(status);
            assert!(!label.is_empty() && label != status.to_string(), "{status}");
        }
        for status in <ApplicationStatus as sea_orm::Iterable>::iter() {
            let label = application_status(status);
            assert!(
                !label.is_empty() && label != status.to_string(),
                "{status:?}"
            );
        }
    }
}
