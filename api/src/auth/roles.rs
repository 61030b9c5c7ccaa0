//! Who the people using Care Passport are. The role is the `users.role` column's type
//! ([`entity::user::Role`]); this module adds how it is said in words.
pub use entity::user::Role;

/// A role in plain words.
pub trait RoleWords {
    /// A plain-English name for the access log a young person reads.
    fn described(self) -> &'static str;
    /// [`RoleWords::described`] with its article, for "signed in as …" sentences.
    fn described_with_article(self) -> &'static str;
}

impl RoleWords for Role {
    fn described(self) -> &'static str {
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

    fn described_with_article(self) -> &'static str {
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
}
