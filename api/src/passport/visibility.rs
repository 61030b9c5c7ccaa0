//! Who may see which sections. The sexual health and substance use section is shown only to
//! the young person and their nurse; caseworkers (with the young person's consent to sharing)
//! see everything else.

use super::diff::SectionChange;
use super::model::{PassportContent, SectionId};

/// Who is looking at a passport. Other roles never see one (the HTTP layer answers 404).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The young person whose passport it is.
    Owner,
    /// A Children in Care nurse of their local authority.
    Nurse,
    /// Their caseworker or personal adviser, when the young person consented to sharing.
    Caseworker,
}

impl Viewer {
    /// Whether this viewer may see `section`.
    pub fn can_see(self, section: SectionId) -> bool {
        !section.is_sensitive() || matches!(self, Viewer::Owner | Viewer::Nurse)
    }
}

/// The passport as `viewer` may see it: sections they may not see are removed (`null`).
pub fn redact_for(mut content: PassportContent, viewer: Viewer) -> PassportContent {
    if !viewer.can_see(SectionId::SexualHealthAndSubstanceUse) {
        content.sexual_health_and_substance_use = None;
    }
    content
}

/// The section changes `viewer` may see, so a diff does not reveal that a hidden section
/// changed.
pub fn visible_changes(changes: Vec<SectionChange>, viewer: Viewer) -> Vec<SectionChange> {
    changes
        .into_iter()
        .filter(|c| viewer.can_see(c.section))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passport::about::SexualHealthAndSubstanceUse;
    use crate::passport::diff::diff;

    fn passport() -> PassportContent {
        let sensitive = SexualHealthAndSubstanceUse {
            contraception: Some("Implant".into()),
            ..SexualHealthAndSubstanceUse::default()
        };
        PassportContent {
            sexual_health_and_substance_use: Some(sensitive),
            medicines: Some(vec![]),
            ..PassportContent::default()
        }
    }

    #[test]
    fn only_the_young_person_and_their_nurse_see_sexual_health_and_substance_use() {
        let cases = [
            (Viewer::Owner, true),
            (Viewer::Nurse, true),
            (Viewer::Caseworker, false),
        ];
        for (viewer, sees) in cases {
            let shown = redact_for(passport(), viewer);
            assert_eq!(
                shown.sexual_health_and_substance_use.is_some(),
                sees,
                "{viewer:?}"
            );
            assert_eq!(
                shown.medicines,
                Some(vec![]),
                "{viewer:?} sees other sections"
            );
            let every_section_but_one = SectionId::ALL.iter().filter(|s| viewer.can_see(**s));
            assert_eq!(every_section_but_one.count(), if sees { 17 } else { 16 });
        }
    }

    #[test]
    fn a_caseworker_cannot_tell_from_a_diff_that_the_sensitive_section_changed() {
        let changes = diff(&PassportContent::default(), &passport());
        assert_eq!(changes.len(), 2);
        let shown = visible_changes(changes.clone(), Viewer::Caseworker);
        let sections: Vec<SectionId> = shown.iter().map(|c| c.section).collect();
        assert_eq!(sections, [SectionId::Medicines]);
        assert_eq!(visible_changes(changes, Viewer::Nurse).len(), 2);
    }
}
