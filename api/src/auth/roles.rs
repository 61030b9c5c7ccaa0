//! Who the people using Care Passport are.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A young person leaving care (16–25), using the app.
    CareLeaver,
    /// A Children in Care nurse, who writes passports.
    Nurse,
    /// A personal adviser or social worker.
    Caseworker,
    /// HR Talent and Development.
    Hr,
    /// A Connexions careers adviser.
    Connexions,
    /// Manages accounts and assignments.
    Admin,
    /// Education staff of the Virtual School in the Chances4YOUth review group: they read the
    /// education answers on forms of 16–17-year-olds, and nothing else.
    VirtualSchool,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::CareLeaver,
        Role::Nurse,
        Role::Caseworker,
        Role::Hr,
        Role::Connexions,
        Role::Admin,
        Role::VirtualSchool,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::CareLeaver => "care_leaver",
            Role::Nurse => "nurse",
            Role::Caseworker => "caseworker",
            Role::Hr => "hr",
            Role::Connexions => "connexions",
            Role::Admin => "admin",
            Role::VirtualSchool => "virtual_school",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// A plain-English name for the access log a young person reads.
    pub fn described(self) -> &'static str {
        match self {
            Role::CareLeaver => "you",
            Role::Nurse => "Children in Care nurse",
            Role::Caseworker => "personal adviser or social worker",
            Role::Hr => "HR Talent and Development",
            Role::Connexions => "Connexions adviser",
            Role::Admin => "account administrator",
            Role::VirtualSchool => "Virtual School",
        }
    }

    /// [`Role::described`] with its article, for "signed in as …" sentences.
    pub fn described_with_article(self) -> &'static str {
        match self {
            Role::CareLeaver => "you",
            Role::Nurse => "a Children in Care nurse",
            Role::Caseworker => "a personal adviser or social worker",
            Role::Hr => "a member of HR Talent and Development",
            Role::Connexions => "a Connexions adviser",
            Role::Admin => "an account administrator",
            Role::VirtualSchool => "a member of the Virtual School",
        }
    }

    pub fn is_staff(self) -> bool {
        self != Role::CareLeaver
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
