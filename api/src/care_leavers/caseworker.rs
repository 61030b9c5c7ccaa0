//! A caseworker's caseload (personal advisers and social workers): the young people whose
//! caseworker they are, each with the facts they may see without the young person's consent —
//! passport status (published, acknowledged, questions open; never the contents), the
//! prescription scheme's certificate status, Chances4YOUth progress — and the e-mails the
//! caseworker was sent about them. Read-only. Showing the list is audited as the API's list
//! read is (`care_leaver.listed`); a young person's page as the API's reads of the same
//! records are (profile, prescription applications, expressions of interest).
use crate::auth::Role;
use entity::outbox_message::TemplateName;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::service::{listed, scoped};
use super::types::CareLeaverView;
pub use crate::passport::export::PassportVersionSummary as VersionSummary;
use crate::{
    apprenticeships::{self, workflow::EoiStatus},
    auth::{
        Actor,
        policy::{self, Action, Power, Record},
    },
    error::AppError,
    prescriptions::{renewal, views::ApplicationStatus, views::ApplicationView},
    words::{labels, long_date, long_day},
};

/// Where a young person's passport stands, without its contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassportStatus {
    /// The latest published version's number and when it was published.
    pub published: Option<(i32, DateTime<Utc>)>,
    /// When the young person acknowledged the latest version.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Questions the young person asked that are not answered yet (a count only).
    pub open_questions: u64,
    /// The young person agreed to share their passport with their caseworker.
    pub shared: bool,
}

impl PassportStatus {
    /// "Version 2 published on 3 March 2026", or that none is published yet.
    pub fn published_words(&self) -> String {
        match &self.published {
            Some((number, at)) => format!("Version {number} published on {}", long_day(at)),
            None => "Not published yet".into(),
        }
    }

    /// Whether the young person acknowledged the latest version, in words.
    pub fn acknowledged_words(&self) -> String {
        match (&self.published, &self.acknowledged_at) {
            (None, _) => String::new(),
            (Some(_), Some(at)) => format!("Acknowledged on {}", long_day(at)),
            (Some(_), None) => "Not acknowledged yet".into(),
        }
    }

    /// The open questions as a count in words.
    pub fn questions_words(&self) -> String {
        match self.open_questions {
            0 => "No open questions".into(),
            1 => "1 open question".into(),
            n => format!("{n} open questions"),
        }
    }
}

/// The prescription scheme's certificate on a day: facts any caseworker may see (status and
/// dates, never the health facts of an application).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certificate {
    /// No certificate was ever issued.
    None,
    Active {
        until: NaiveDate,
    },
    /// Active, and its renewal is open (the last 30 days).
    EndingSoon {
        until: NaiveDate,
    },
    Expired {
        on: NaiveDate,
    },
}

/// The certificate and whether an application waits for the nurse's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemeStatus {
    pub certificate: Certificate,
    pub waiting: bool,
}

impl SchemeStatus {
    /// The status from applications' `(status, certificate's last day)`, on `today`.
    pub fn of(applications: &[(ApplicationStatus, Option<NaiveDate>)], today: NaiveDate) -> Self {
        let waiting = applications
            .iter()
            .any(|(s, _)| *s == ApplicationStatus::Submitted);
        let last_day = applications
            .iter()
            .filter(|(s, _)| *s == ApplicationStatus::Approved)
            .filter_map(|(_, until)| *until)
            .max();
        let certificate = match (last_day, renewal::renewal(last_day, today)) {
            (None, _) => Certificate::None,
            (Some(on), renewal::Renewal::NoCertificate) => Certificate::Expired { on },
            (Some(until), renewal::Renewal::TooEarly { .. }) => Certificate::Active { until },
            (Some(until), renewal::Renewal::Open { .. }) => Certificate::EndingSoon { until },
        };
        SchemeStatus {
            certificate,
            waiting,
        }
    }

    /// The status in the caseworker's words.
    pub fn words(&self) -> String {
        let certificate = match &self.certificate {
            Certificate::None => None,
            Certificate::Active { until } => Some(format!("Active until {}", long_date(*until))),
            Certificate::EndingSoon { until } => {
                Some(format!("Ending soon: {}", long_date(*until)))
            }
            Certificate::Expired { on } => Some(format!("Expired on {}", long_date(*on))),
        };
        match (certificate, self.waiting) {
            (Some(c), true) => format!("{c}. An application is waiting for a decision"),
            (Some(c), false) => c,
            (None, true) => "Application waiting for a decision".into(),
            (None, false) => "No certificate".into(),
        }
    }

    /// Needs a look: ending soon or expired.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self.certificate,
            Certificate::EndingSoon { .. } | Certificate::Expired { .. }
        )
    }
}

/// The young person's latest Chances4YOUth form: its status in words and its last change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interest {
    pub status: EoiStatus,
    pub label: &'static str,
    pub changed_at: DateTime<Utc>,
}

/// An e-mail the caseworker was sent about a young person (the outbox row's plain facts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub care_leaver_id: Uuid,
    pub subject: String,
    /// What kind of e-mail, in words.
    pub kind: &'static str,
    pub queued_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// Sent, waiting to be sent, or could not be sent, in words.
    pub status: &'static str,
}

/// One young person on the caseload.
#[derive(Debug, Clone)]
pub struct Row {
    pub leaver: CareLeaverView,
    pub passport: PassportStatus,
    pub scheme: SchemeStatus,
    pub interest: Option<Interest>,
    /// The latest e-mail the caseworker was sent about them, and how many in all.
    pub latest_mail: Option<Mail>,
    pub mails: usize,
}

/// The caseworker's young people, by name, on `today`. 403 for anyone but a caseworker.
pub async fn caseload(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    caseworker_email: &str,
    today: NaiveDate,
) -> Result<Vec<Row>, AppError> {
    actor.require(Power::FollowCaseload)?;
    let users = scoped(actor, None, None)?.all(conn).await?;
    let views = listed(conn, actor, users).await?;
    let ids: Vec<Uuid> = views.iter().map(|v| v.id).collect();
    let mut passports = passport_statuses(conn, &ids).await?;
    let mut schemes = scheme_statuses(conn, &ids, today).await?;
    let mut interests = latest_interest(conn, &ids).await?;
    let mut mails: HashMap<Uuid, Vec<Mail>> = HashMap::new();
    for mail in mails_about(conn, caseworker_email, &ids).await? {
        mails.entry(mail.care_leaver_id).or_default().push(mail);
    }
    Ok(views
        .into_iter()
        .map(|leaver| {
            let mut passport = passports.remove(&leaver.id).unwrap_or_default();
            passport.shared = leaver.consents.share_passport_with_caseworker;
            let mine = mails.remove(&leaver.id).unwrap_or_default();
            Row {
                scheme: schemes
                    .remove(&leaver.id)
                    .unwrap_or(SchemeStatus::of(&[], today)),
                interest: interests.remove(&leaver.id),
                mails: mine.len(),
                latest_mail: mine.into_iter().next(),
                passport,
                leaver,
            }
        })
        .collect())
}

/// A Chances4YOUth form with its history of status changes (oldest first), as
/// `(status in words, when, by whom in words)`.
#[derive(Debug, Clone)]
pub struct InterestHistory {
    pub submitted_at: DateTime<Utc>,
    pub interest: Interest,
    pub changes: Vec<(&'static str, DateTime<Utc>, &'static str)>,
}

/// One young person's page: the caseload row's facts, with their history.
#[derive(Debug, Clone)]
pub struct YoungPerson {
    pub leaver: CareLeaverView,
    pub passport: PassportStatus,
    /// Published versions, newest first; only when the young person shares their passport
    /// (it is then a read of the versions list, audited).
    pub versions: Option<Vec<VersionSummary>>,
    pub scheme: SchemeStatus,
    /// Applications, newest first, without health facts unless the young person consented.
    pub applications: Vec<ApplicationView>,
    pub interest: Vec<InterestHistory>,
    pub mails: Vec<Mail>,
}

/// One young person on the caseworker's caseload, each record read as the API reads it (and
/// audited the same way). 404 unless they are this caseworker's; 403 for other roles.
pub async fn young_person(
    conn: &impl ConnectionTrait,
    log: &crate::audit::AuditLog,
    actor: &Actor,
    caseworker_email: &str,
    id: Uuid,
    today: NaiveDate,
) -> Result<YoungPerson, AppError> {
    actor.require(Power::FollowCaseload)?;
    let leaver = super::onboarding::read(conn, actor, id).await?;
    let facts = leaver.facts();
    let viewer = actor.viewer();
    let view = super::service::view(conn, &leaver, false).await?;
    let mut passport = passport_statuses(conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    passport.shared = facts.shares_passport_with_caseworker;
    let versions = if policy::allowed(&viewer, Action::Read, Record::Passport, &facts) {
        let mut rows = crate::passport::store::summaries(conn, id).await?;
        rows.reverse();
        crate::passport::service::audit_read(
            log,
            actor,
            &leaver,
            crate::audit::AuditAction::PassportVersionsListed,
            "passport:versions".into(),
        )
        .await?;
        Some(rows)
    } else {
        None
    };
    let show_facts = policy::allowed(&viewer, Action::Read, Record::PrescriptionFacts, &facts);
    let models = crate::prescriptions::service::read_of_care_leaver(conn, actor, id, (100, 0))
        .await?
        .items;
    let scheme = SchemeStatus::of(
        &models
            .iter()
            .map(|a| (a.status, a.certificate_expires_on))
            .collect::<Vec<_>>(),
        today,
    );
    let applications = crate::prescriptions::applications::views(conn, models, today, false)
        .await?
        .into_iter()
        .map(|a| a.health_facts_if(show_facts))
        .collect();
    let interest = interest_histories(conn, actor, &leaver).await?;
    let mails = mails_about(conn, caseworker_email, &[id]).await?;
    Ok(YoungPerson {
        leaver: view,
        passport,
        versions,
        scheme,
        applications,
        interest,
        mails,
    })
}

/// The young person's forms, newest first, each with its history; each form read is audited
/// as the API's staff read of a form is.
async fn interest_histories(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    leaver: &super::CareLeaver,
) -> Result<Vec<InterestHistory>, AppError> {
    let (forms, _) = apprenticeships::store::page_of_forms_of(conn, leaver.id(), 50, 0).await?;
    let ids: Vec<Uuid> = forms.iter().map(|f| f.id).collect();
    let mut histories = apprenticeships::service::histories(conn, &ids).await?;
    let mut out = Vec::with_capacity(forms.len());
    for form in forms {
        apprenticeships::review::record_read(conn, actor, leaver, &form).await?;
        let status = form.status;
        let changes = histories
            .remove(&form.id)
            .unwrap_or_default()
            .into_iter()
            .map(|h| {
                let by = match h.by_role {
                    Role::CareLeaver => "the young person",
                    Role::Hr => "HR",
                    Role::Connexions => "Connexions",
                    _ => "staff",
                };
                (labels::eoi_status(h.to_status), h.at, by)
            })
            .collect();
        out.push(InterestHistory {
            submitted_at: form.submitted_at,
            interest: Interest {
                status,
                label: labels::eoi_status(status),
                changed_at: form.updated_at,
            },
            changes,
        });
    }
    Ok(out)
}

/// The passport facts of `ids`: latest version, its acknowledgement, open questions.
async fn passport_statuses(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, PassportStatus>, AppError> {
    use entity::{passport_acknowledgement as ack, passport_version as version};
    let versions: Vec<(Uuid, Uuid, i32, DateTime<Utc>)> = version::Entity::find()
        .select_only()
        .column(version::Column::CareLeaverId)
        .column(version::Column::Id)
        .column(version::Column::Number)
        .column(version::Column::PublishedAt)
        .filter(version::Column::CareLeaverId.is_in(ids.to_vec()))
        .into_tuple()
        .all(conn)
        .await?;
    let mut latest: HashMap<Uuid, (Uuid, i32, DateTime<Utc>)> = HashMap::new();
    for (leaver, version_id, number, at) in versions {
        let entry = latest.entry(leaver).or_insert((version_id, number, at));
        if number > entry.1 {
            *entry = (version_id, number, at);
        }
    }
    let latest_ids: Vec<Uuid> = latest.values().map(|(v, _, _)| *v).collect();
    let acks: HashMap<Uuid, DateTime<Utc>> = ack::Entity::find()
        .filter(ack::Column::VersionId.is_in(latest_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.version_id, a.acknowledged_at))
        .collect();
    let questions = crate::passport::store::open_question_leavers(
        conn,
        ids,
        crate::passport::visibility::Viewer::Caseworker,
    )
    .await?;
    let mut out: HashMap<Uuid, PassportStatus> = latest
        .into_iter()
        .map(|(leaver, (version_id, number, at))| {
            let status = PassportStatus {
                published: Some((number, at)),
                acknowledged_at: acks.get(&version_id).copied(),
                ..PassportStatus::default()
            };
            (leaver, status)
        })
        .collect();
    for leaver in questions {
        out.entry(leaver).or_default().open_questions += 1;
    }
    Ok(out)
}

/// The scheme status of each of `ids` (status and dates only).
async fn scheme_statuses(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
    today: NaiveDate,
) -> Result<HashMap<Uuid, SchemeStatus>, AppError> {
    use entity::prescription_application as application;
    let rows: Vec<(Uuid, ApplicationStatus, Option<NaiveDate>)> = application::Entity::find()
        .select_only()
        .column(application::Column::CareLeaverId)
        .column(application::Column::Status)
        .column(application::Column::CertificateExpiresOn)
        .filter(application::Column::CareLeaverId.is_in(ids.to_vec()))
        .into_tuple()
        .all(conn)
        .await?;
    let mut by_leaver: HashMap<Uuid, Vec<(ApplicationStatus, Option<NaiveDate>)>> = HashMap::new();
    for (leaver, status, until) in rows {
        by_leaver.entry(leaver).or_default().push((status, until));
    }
    Ok(by_leaver
        .into_iter()
        .map(|(leaver, apps)| (leaver, SchemeStatus::of(&apps, today)))
        .collect())
}

/// The latest form of each of `ids`.
async fn latest_interest(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Interest>, AppError> {
    use entity::expression_of_interest as eoi;
    let forms = eoi::Entity::find()
        .filter(eoi::Column::CareLeaverId.is_in(ids.to_vec()))
        .order_by_desc(eoi::Column::SubmittedAt)
        .order_by_desc(eoi::Column::Id)
        .all(conn)
        .await?;
    let mut out = HashMap::new();
    for form in forms {
        if out.contains_key(&form.care_leaver_id) {
            continue;
        }
        let status = form.status;
        out.insert(
            form.care_leaver_id,
            Interest {
                status,
                label: labels::eoi_status(status),
                changed_at: form.updated_at,
            },
        );
    }
    Ok(out)
}

/// The e-mails to `to_address` about `ids`, newest first.
async fn mails_about(
    conn: &impl ConnectionTrait,
    to_address: &str,
    ids: &[Uuid],
) -> Result<Vec<Mail>, AppError> {
    use entity::outbox_message::OutboxStatus;
    Ok(crate::mail::outbox::sent_about(conn, to_address, ids)
        .await?
        .into_iter()
        .filter_map(|m| {
            Some(Mail {
                care_leaver_id: m.care_leaver_id?,
                kind: mail_kind(m.template),
                status: match m.status {
                    OutboxStatus::Sent => "Sent",
                    OutboxStatus::Pending | OutboxStatus::Sending => "Waiting to be sent",
                    OutboxStatus::Failed => "Could not be sent",
                },
                subject: m.subject,
                queued_at: m.created_at,
                sent_at: m.sent_at,
            })
        })
        .collect())
}

/// What an e-mail to a caseworker was about, from its template's name.
pub fn mail_kind(template: TemplateName) -> &'static str {
    match template {
        TemplateName::PassportPublished => "Passport published",
        TemplateName::PrescriptionDecision => "Prescription scheme decision",
        TemplateName::EoiSubmitted => "Chances4YOUth form sent",
        TemplateName::EoiStatusChanged => "Chances4YOUth progress",
        _ => "Other e-mail",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationStatus::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    /// What, the applications, the certificate and whether one waits.
    type Case = (
        &'static str,
        Vec<(ApplicationStatus, Option<NaiveDate>)>,
        Certificate,
        bool,
    );

    #[test]
    fn the_certificate_status_follows_the_latest_approved_certificate() {
        let today = day("2026-11-30");
        let cases: [Case; 6] = [
            ("nothing applied for", vec![], Certificate::None, false),
            (
                "waiting for a first decision",
                vec![(Submitted, None)],
                Certificate::None,
                true,
            ),
            (
                "active for months",
                vec![(Approved, Some(day("2027-06-30")))],
                Certificate::Active {
                    until: day("2027-06-30"),
                },
                false,
            ),
            (
                "ending within 30 days, renewal waiting",
                vec![(Approved, Some(day("2026-12-20"))), (Submitted, None)],
                Certificate::EndingSoon {
                    until: day("2026-12-20"),
                },
                true,
            ),
            (
                "expired, an older one declined",
                vec![(Declined, None), (Approved, Some(day("2026-10-01")))],
                Certificate::Expired {
                    on: day("2026-10-01"),
                },
                false,
            ),
            (
                "renewed: the later certificate counts",
                vec![
                    (Approved, Some(day("2026-12-01"))),
                    (Approved, Some(day("2027-12-01"))),
                    (Withdrawn, None),
                ],
                Certificate::Active {
                    until: day("2027-12-01"),
                },
                false,
            ),
        ];
        for (what, apps, certificate, waiting) in cases {
            let status = SchemeStatus::of(&apps, today);
            assert_eq!(
                status,
                SchemeStatus {
                    certificate,
                    waiting
                },
                "{what}"
            );
        }
    }

    #[test]
    fn the_scheme_status_reads_plainly() {
        let ending = SchemeStatus {
            certificate: Certificate::EndingSoon {
                until: day("2026-12-20"),
            },
            waiting: true,
        };
        assert_eq!(
            ending.words(),
            "Ending soon: 20 December 2026. An application is waiting for a decision"
        );
        assert!(ending.needs_attention());
        let none = SchemeStatus::of(&[], day("2026-11-30"));
        assert_eq!(none.words(), "No certificate");
        assert!(!none.needs_attention());
    }

    #[test]
    fn every_e_mail_a_caseworker_is_sent_has_a_kind_in_words() {
        for template in [
            TemplateName::PassportPublished,
            TemplateName::PrescriptionDecision,
            TemplateName::EoiSubmitted,
            TemplateName::EoiStatusChanged,
        ] {
            assert_ne!(mail_kind(template), "Other e-mail", "{template}");
        }
    }
}
