//! What the service already knows about a care leaver that the prescription rules can use, and
//! filling it into what they told us. What the person sent always wins.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::facts::SchemeCertificate;
use super::types::{EligibilityRequest, ProfileFacts, merge_profile};
use super::views::ApplicationStatus;
use crate::care_leavers::{CareLeaver, types::LeavingCareStatus};

/// Facts held about a care leaver.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    pub profile: ProfileFacts,
    /// The last day of a prepayment certificate approved through the scheme.
    pub prepayment_certificate_expires: Option<NaiveDate>,
    /// That certificate, with the scheme it came through.
    pub scheme_certificate: Option<SchemeCertificate>,
}

/// The profile's facts. A missing GP means "not told us", never "not registered"; a closed
/// leaving-care case may still be eligible for the service, so that is left for them to say.
pub fn profile_facts(leaver: &CareLeaver) -> ProfileFacts {
    ProfileFacts {
        date_of_birth: Some(leaver.profile.date_of_birth),
        leaving_care_local_authority: Some(leaver.user.local_authority.clone()),
        registered_with_gp: leaver.profile.gp_ods_code.as_ref().map(|_| true),
        eligible_for_leaving_care_service: match leaver.profile.leaving_care_status {
            LeavingCareStatus::CareLeaver | LeavingCareStatus::ThroughCare => Some(true),
            LeavingCareStatus::Closed => None,
        },
    }
}

/// Everything known about `leaver` as it stood on `on`: a certificate counts only once it had
/// been approved by then.
pub async fn known_facts(
    conn: &impl ConnectionTrait,
    leaver: &CareLeaver,
    on: NaiveDate,
) -> Result<Known, DbErr> {
    use entity::prescription_application::{Column, Entity};
    let approved = Entity::find()
        .filter(Column::CareLeaverId.eq(leaver.id()))
        .filter(Column::Status.eq(ApplicationStatus::Approved))
        .all(conn)
        .await?;
    let scheme_certificate = approved
        .iter()
        .filter(|a| a.decided_at.is_some_and(|at| crate::age::uk_date(at) <= on))
        .filter_map(|a| {
            Some(SchemeCertificate {
                scheme_id: a.scheme_id.clone(),
                expires_on: a.certificate_expires_on?,
            })
        })
        .max_by_key(|c| c.expires_on);
    Ok(Known {
        profile: profile_facts(leaver),
        prepayment_certificate_expires: scheme_certificate.as_ref().map(|c| c.expires_on),
        scheme_certificate,
    })
}

/// Fills in what the request leaves out; returns the request and the fields filled in.
pub fn fill_in(request: EligibilityRequest, known: &Known) -> (EligibilityRequest, Vec<String>) {
    let before = request.clone();
    let mut merged = merge_profile(request, &known.profile);
    merged.prepayment_certificate_expires = merged
        .prepayment_certificate_expires
        .or(known.prepayment_certificate_expires);
    let filled = [
        (
            "date_of_birth",
            before.date_of_birth.is_none() && merged.date_of_birth.is_some(),
        ),
        (
            "leaving_care_local_authority",
            before.leaving_care_local_authority.is_none()
                && merged.leaving_care_local_authority.is_some(),
        ),
        (
            "eligible_for_leaving_care_service",
            before.eligible_for_leaving_care_service.is_none()
                && merged.eligible_for_leaving_care_service.is_some(),
        ),
        (
            "registered_with_gp",
            before.registered_with_gp.is_none() && merged.registered_with_gp.is_some(),
        ),
        (
            "prepayment_certificate_expires",
            before.prepayment_certificate_expires.is_none()
                && merged.prepayment_certificate_expires.is_some(),
        ),
    ]
    .into_iter()
    .filter(|(_, filled)| *filled)
    .map(|(field, _)| field.to_string())
    .collect();
    (merged, filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::facts::examples::d;

    fn known() -> Known {
        Known {
            profile: ProfileFacts {
                date_of_birth: Some(d(2004, 1, 1)),
                leaving_care_local_authority: Some("dudley".into()),
                registered_with_gp: None,
                eligible_for_leaving_care_service: Some(true),
            },
            prepayment_certificate_expires: Some(d(2026, 3, 31)),
            scheme_certificate: None,
        }
    }

    #[test]
    fn only_missing_facts_are_filled_in_and_each_is_named() {
        let (merged, filled) = fill_in(EligibilityRequest::default(), &known());
        assert_eq!(merged.date_of_birth, Some(d(2004, 1, 1)));
        assert_eq!(merged.registered_with_gp, None, "unknown stays unknown");
        assert_eq!(merged.prepayment_certificate_expires, Some(d(2026, 3, 31)));
        assert_eq!(
            filled,
            vec![
                "date_of_birth",
                "leaving_care_local_authority",
                "eligible_for_leaving_care_service",
                "prepayment_certificate_expires"
            ]
        );

        let sent = EligibilityRequest {
            date_of_birth: Some(d(2005, 5, 5)),
            leaving_care_local_authority: Some("walsall".into()),
            prepayment_certificate_expires: Some(d(2025, 1, 1)),
            ..Default::default()
        };
        let (merged, filled) = fill_in(sent, &known());
        assert_eq!(
            (
                merged.date_of_birth,
                merged.leaving_care_local_authority.as_deref(),
                merged.prepayment_certificate_expires
            ),
            (Some(d(2005, 5, 5)), Some("walsall"), Some(d(2025, 1, 1))),
            "what the person sent wins"
        );
        assert_eq!(filled, vec!["eligible_for_leaving_care_service"]);
    }
}
