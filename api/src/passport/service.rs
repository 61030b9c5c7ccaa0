//! Passport operations behind the routes: who sees what, building views, saving a draft and
//! publishing it.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::diff::diff;
use super::immunisations::{ImmunisationGap, gaps};
use super::model::{PassportContent, SectionId};
use super::stamp::stamp;
use super::store::{self, Draft};
use super::validate::validate;
use super::views::{DraftView, PassportView};
use super::visibility::{Viewer, redact_for, visible_changes};
use super::{about::AboutMe, notify, own_words};
use crate::{
    audit::{self, AuditAction, AuditLog, Event},
    auth::{
        Actor, Role,
        policy::{self, Action, Record},
    },
    care_leavers::CareLeaver,
    config::Config,
    error::AppError,
};

/// Today's date for the passport rules: the UK date, shared with every other date rule.
pub fn today() -> NaiveDate {
    crate::age::today()
}

/// How `who` sees `leaver`'s passport. A nurse who may not see the sensitive section (another
/// nurse of the authority while one is assigned) sees what a caseworker sees.
pub fn viewer_for(who: &policy::Viewer, leaver: &CareLeaver) -> Viewer {
    let sensitive = policy::allowed(
        who,
        Action::Read,
        Record::PassportSensitive,
        &leaver.facts(),
    );
    match who.role {
        Role::CareLeaver => Viewer::Owner,
        Role::Nurse if sensitive => Viewer::Nurse,
        _ => Viewer::Caseworker,
    }
}

pub fn hidden_sections(viewer: Viewer) -> Vec<SectionId> {
    (SectionId::ALL.into_iter())
        .filter(|s| !viewer.can_see(*s))
        .collect()
}

/// Gaps against the routine schedule, or `None` when no immunisations are recorded.
pub fn immunisation_gaps(
    content: &PassportContent,
    leaver: &CareLeaver,
) -> Option<Vec<ImmunisationGap>> {
    let list = content.immunisations.as_deref()?;
    Some(gaps(list, leaver.profile.date_of_birth, today()))
}

/// Shows the GP practice and dentist registered on the profile where the passport names none.
pub fn with_registered_practices(
    mut content: PassportContent,
    leaver: &CareLeaver,
) -> PassportContent {
    let (gp, dentist) = (
        &leaver.profile.gp_ods_code,
        &leaver.profile.dentist_ods_code,
    );
    if gp.is_none() && dentist.is_none() {
        return content;
    }
    let about = content.about_me.get_or_insert_with(AboutMe::default);
    if about.gp_practice_ods_code.is_none() {
        about.gp_practice_ods_code = gp.clone();
    }
    if about.dentist_ods_code.is_none() {
        about.dentist_ods_code = dentist.clone();
    }
    content
}

/// A published version as `viewer` may see it.
pub async fn passport_view(
    conn: &impl ConnectionTrait,
    leaver: &CareLeaver,
    version: &entity::passport_version::Model,
    viewer: Viewer,
) -> Result<PassportView, AppError> {
    let content = store::content_of(&version.content)?;
    let header = VersionHeader {
        number: version.number,
        published_at: version.published_at,
        published_by: version.published_by_name.clone(),
        acknowledged_at: store::acknowledged_at(conn, version.id).await?,
    };
    Ok(view_of(leaver, header, content, viewer))
}

/// The latest published version of `leaver`'s passport as `viewer` may see it, its read
/// written to the audit log (`passport.read`): the API's `GET …/passport` and the caseworkers'
/// console page. `None` while nothing is published. The caller decided access
/// (`Record::Passport`).
pub async fn read_latest(
    conn: &impl ConnectionTrait,
    log: &AuditLog,
    actor: &Actor,
    leaver: &CareLeaver,
    viewer: Viewer,
) -> Result<Option<PassportView>, AppError> {
    let Some(version) = store::latest_version(conn, leaver.id()).await? else {
        return Ok(None);
    };
    let view = passport_view(conn, leaver, &version, viewer).await?;
    let target = format!("passport:v{}", version.number);
    audit_read(log, actor, leaver, AuditAction::PassportRead, target).await?;
    Ok(Some(view))
}

/// A published version's number, publisher and acknowledgement.
pub struct VersionHeader {
    pub number: i32,
    pub published_at: DateTime<Utc>,
    pub published_by: String,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// A published version's `content` as `viewer` may see it, today.
pub fn view_of(
    leaver: &CareLeaver,
    header: VersionHeader,
    content: PassportContent,
    viewer: Viewer,
) -> PassportView {
    let content = with_registered_practices(content, leaver);
    PassportView {
        care_leaver_id: leaver.id(),
        version: header.number,
        published_at: header.published_at,
        published_by: header.published_by,
        acknowledged_at: header.acknowledged_at,
        immunisation_gaps: immunisation_gaps(&content, leaver),
        content: redact_for(content, viewer),
        hidden_sections: hidden_sections(viewer),
    }
}

/// The draft of `leaver`'s passport as `viewer` may see it, its read written to the audit
/// log: the API's `GET …/passport/draft` and the console's passport pages.
pub async fn read_draft(
    conn: &impl ConnectionTrait,
    log: &AuditLog,
    actor: &Actor,
    leaver: &CareLeaver,
    viewer: Viewer,
) -> Result<DraftView, AppError> {
    let draft = store::load_draft(conn, leaver.id()).await?;
    let revision = draft.revision;
    let view = draft_view(conn, leaver, draft, viewer).await?;
    audit_draft_read(log, actor, leaver, revision).await?;
    Ok(view)
}

/// Records that `actor` read revision `revision` of the young person's draft.
pub async fn audit_draft_read(
    log: &AuditLog,
    actor: &Actor,
    leaver: &CareLeaver,
    revision: i32,
) -> Result<(), AppError> {
    let target = format!("passport:draft:{revision}");
    audit_read(log, actor, leaver, AuditAction::PassportDraftRead, target).await
}

/// The draft as `viewer` (a nurse) may see it.
pub async fn draft_view(
    conn: &impl ConnectionTrait,
    leaver: &CareLeaver,
    mut draft: Draft,
    viewer: Viewer,
) -> Result<DraftView, AppError> {
    own_words::apply(conn, leaver, &mut draft.content).await?;
    let latest = store::latest_version(conn, leaver.id()).await?;
    let published = match &latest {
        Some(v) => store::content_of(&v.content)?,
        None => PassportContent::default(),
    };
    let updated_by = match draft.updated_by {
        Some(id) => crate::accounts::store::names(conn, [id]).await?.remove(&id),
        None => None,
    };
    let hard_to_read = serde_json::to_value(&draft.content)
        .map(|json| crate::content::readability::hard_to_read_fields(&json))
        .unwrap_or_default();
    Ok(DraftView {
        hard_to_read,
        care_leaver_id: leaver.id(),
        revision: draft.revision,
        saved: draft.saved(),
        updated_by,
        updated_at: draft.updated_at,
        latest_version: latest.map(|v| v.number),
        unpublished_changes: visible_changes(diff(&published, &draft.content), viewer),
        immunisation_gaps: immunisation_gaps(&draft.content, leaver),
        content: redact_for(draft.content, viewer),
        hidden_sections: hidden_sections(viewer),
        registered_gp_ods_code: leaver.profile.gp_ods_code.clone(),
        registered_dentist_ods_code: leaver.profile.dentist_ods_code.clone(),
    })
}

/// Saves the draft if it is still at the `expected` revision (412 otherwise). Sections hidden
/// from the nurse are kept as stored; sending one is a 422. The young person's own words are
/// theirs: the draft may send them back unchanged or leave them out (422 otherwise), and they
/// are kept as the young person wrote them.
pub async fn save_draft(
    db: &DatabaseConnection,
    actor: &Actor,
    leaver: &CareLeaver,
    expected: i32,
    mut content: PassportContent,
) -> Result<Draft, AppError> {
    let viewer = viewer_for(&actor.viewer(), leaver);
    let txn = crate::db::begin_write(db).await?;
    let stored = store::load_draft(&txn, leaver.id()).await?;
    if stored.revision != expected {
        return Err(AppError::PreconditionFailed);
    }
    if !viewer.can_see(SectionId::SexualHealthAndSubstanceUse) {
        if content.sexual_health_and_substance_use.is_some() {
            return Err(AppError::invalid(
                SectionId::SexualHealthAndSubstanceUse.to_string(),
                "only the young person's named nurse can change this section; send null",
            ));
        }
        content.sexual_health_and_substance_use =
            stored.content.sexual_health_and_substance_use.clone();
    }
    content.tidy();
    validate(&content, leaver.profile.date_of_birth, today())?;
    let mut kept = stored.content.clone();
    own_words::apply(&txn, leaver, &mut kept).await?;
    own_words::check_nurse_draft(content.my_own_words.as_ref(), kept.my_own_words.as_ref())
        .map_err(|e| AppError::Validation(vec![e]))?;
    stamp(&mut content, Some(&stored.content), &actor.name, Utc::now());
    content.my_own_words = kept.my_own_words;
    let saved = store::save_draft(&txn, leaver.id(), stored.revision, &content, actor.id).await?;
    audit::record_by(
        &txn,
        actor,
        Event {
            action: AuditAction::PassportDraftUpdated,
            care_leaver_id: Some(leaver.id()),
            target: Some(format!("passport:draft:{}", saved.revision)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Freezes the draft (if still at the `expected` revision; 412 otherwise) as the next numbered
/// version, and queues e-mails to the young person and, if they consented to sharing, their
/// caseworker (the caller wakes the mail worker and forgets cached passports).
pub async fn publish(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    leaver: &CareLeaver,
    expected: i32,
) -> Result<entity::passport_version::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let mut draft = store::load_draft(&txn, leaver.id()).await?;
    if draft.revision != expected {
        return Err(AppError::PreconditionFailed);
    }
    // The version carries the young person's own words as they are now.
    own_words::apply(&txn, leaver, &mut draft.content).await?;
    if !draft.saved() {
        return Err(AppError::conflict(
            "there is no saved draft to publish: save the draft first",
        ));
    }
    if !store::hold_draft(&txn, leaver.id(), draft.revision).await? {
        return Err(AppError::PreconditionFailed);
    }
    // Dates were checked when the draft was saved; the date of birth may have changed since.
    validate(&draft.content, leaver.profile.date_of_birth, today())?;
    let latest = store::latest_version(&txn, leaver.id()).await?;
    if let Some(latest) = &latest
        && diff(&store::content_of(&latest.content)?, &draft.content).is_empty()
    {
        return Err(AppError::conflict(format!(
            "nothing has changed since version {}",
            latest.number
        )));
    }
    let number = latest.map_or(1, |v| v.number + 1);
    let version = store::insert_version(
        &txn,
        leaver.id(),
        number,
        &draft.content,
        (actor.id, &actor.name),
        Utc::now(),
    )
    .await?;
    audit::record_by(
        &txn,
        actor,
        Event {
            action: AuditAction::PassportPublished,
            care_leaver_id: Some(leaver.id()),
            target: Some(format!("passport:v{number}")),
        },
    )
    .await?;
    notify::published(&txn, config, leaver, number).await?;
    txn.commit().await?;
    Ok(version)
}

/// Records that the young person received `version` (the first time only: acknowledging again
/// changes nothing) and returns when they did, audited.
pub async fn acknowledge(
    db: &DatabaseConnection,
    actor: &Actor,
    leaver: &CareLeaver,
    version: &entity::passport_version::Model,
) -> Result<DateTime<Utc>, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let acknowledged_at = store::acknowledge(&txn, version, store::now()).await?;
    let event = Event {
        action: AuditAction::PassportAcknowledged,
        care_leaver_id: Some(leaver.id()),
        target: Some(format!("passport:v{}", version.number)),
    };
    audit::record_by(&txn, actor, event).await?;
    txn.commit().await?;
    Ok(acknowledged_at)
}

/// Appends a read of `leaver`'s records to the audit log, through the group commit: it
/// returns once the entry is committed.
pub async fn audit_read(
    log: &AuditLog,
    actor: &Actor,
    leaver: &CareLeaver,
    action: AuditAction,
    target: String,
) -> Result<(), AppError> {
    let event = Event {
        action,
        care_leaver_id: Some(leaver.id()),
        target: Some(target),
    };
    log.record(actor, event).await
}
