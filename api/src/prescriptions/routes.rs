//! Free prescriptions over HTTP: the eligibility check, applications for the care leavers'
//! scheme, the nurses' decisions and the authority's report.
use crate::http::prelude::*;

use super::{
    applications,
    refusal::{ApplyError, SchemeRefusal},
    report::PrescriptionReport,
    service, store,
    types::{ApplicationRequest, EligibilityRequest},
    views::{ApplicationView, DecisionRequest, EligibilityCheck, ListQuery, NewNote},
};
use crate::care_leavers::{self, visible_to};

/// Check whether I get free prescriptions
///
/// Anyone signed in can check. For a care leaver, what the service already knows (date of
/// birth, council, leaving-care service, registered GP, a certificate from the scheme) fills
/// in whatever the request leaves out; `filled_in` lists those fields. Nothing is stored but
/// an audit entry.
#[utoipa::path(post, path = "/v1/prescriptions/eligibility", operation_id = "check_prescription_eligibility", tag = "prescriptions",
    request_body = EligibilityRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The answer: outcome, routes, questions still needed, the next step", body = EligibilityCheck),
        (status = 422, description = "Invalid field, e.g. a date before the rules begin", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn,
    ))]
pub(crate) async fn check_eligibility(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppJson(body): AppJson<EligibilityRequest>,
) -> Result<Json<EligibilityCheck>, AppError> {
    let actor = user.actor(&request_id);
    Ok(Json(
        service::check_eligibility(&app.db, &actor, body).await?,
    ))
}

/// Apply for the care leavers' free-prescription scheme
///
/// The rules are checked for today with what you send plus what we know about you. You can
/// apply only when they say you are eligible for the scheme; one application at a time. Your
/// nurse is told by e-mail.
#[utoipa::path(post, path = "/v1/me/prescription-applications", operation_id = "apply_for_prescription_scheme", tag = "prescriptions",
    request_body = ApplicationRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Sent; the nurse has been told", body = ApplicationView),
        (status = 403, description = "Only care leavers apply for themselves", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An application is already waiting for a decision", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field; or the rules say you can't apply: not eligible (`reasons`), already exempt (`routes`) or more answers needed (`questions`), in `decision`", body = SchemeRefusal, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn,
    ))]
pub(crate) async fn apply_for_me(
    State(app): State<AppState>,
    Require(user, _): Require<CareLeavers>,
    request_id: RequestId,
    AppJson(body): AppJson<ApplicationRequest>,
) -> Result<(StatusCode, Json<ApplicationView>), ApplyError> {
    let leaver = care_leavers::find(&app.db, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = user.actor(&request_id);
    let created = applications::apply(&app.db, &app.config, &actor, &leaver, body.into()).await?;
    app.mail_wakeup.notify_one();
    Ok((
        StatusCode::CREATED,
        Json(applications::view(&app.db, created, user.role).await?),
    ))
}

/// My applications for the care leavers' scheme
///
/// The signed-in young person's applications for the care leavers' free-prescription scheme,
/// with their status.
#[utoipa::path(get, path = "/v1/me/prescription-applications", operation_id = "list_my_prescription_applications", tag = "prescriptions",
    params(IfNoneMatch, PageQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Newest first, with decisions and certificate expiry", body = Page<ApplicationView>,
            headers(("ETag" = String, description = "Changes when an application or its status changes"))),
        (status = 403, description = "Only care leavers have applications", body = Problem, content_type = "application/problem+json"),
        NotModified, NotSignedIn, PageOutOfRange,
    ))]
pub(crate) async fn list_my_applications(
    State(app): State<AppState>,
    Require(user, _): Require<CareLeavers>,
    AppQuery(paging): AppQuery<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (rows, page) = store::page_of_care_leaver(&app.db, user.id, paging.page()?)
        .await?
        .take_items();
    let applications = applications::views(&app.db, rows, crate::age::today(), false).await?;
    with_etag(&headers, &page.with_items(applications))
}

/// A care leaver's applications (their caseworker and their authority's nurses)
///
/// Applications made by or for one care leaver. Their caseworker and the nurses of
/// their local authority only.
#[utoipa::path(get, path = "/v1/care-leavers/{id}/prescription-applications", operation_id = "list_care_leaver_prescription_applications", tag = "prescriptions",
    params(CareLeaverPath, PageQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Newest first, with decisions and certificate expiry", body = Page<ApplicationView>),
        (status = 404, description = "No such care leaver, or not one whose applications you may see", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, PageOutOfRange,
    ))]
pub(crate) async fn list_for_care_leaver(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
    AppQuery(paging): AppQuery<PageQuery>,
) -> Result<Json<Page<ApplicationView>>, AppError> {
    let paging = paging.page()?;
    let leaver = visible_to(
        &app.db,
        &user,
        id,
        Action::Read,
        Record::PrescriptionApplication,
    )
    .await?;
    let show_facts = crate::auth::policy::allowed(
        &user.viewer(),
        Action::Read,
        Record::PrescriptionFacts,
        &leaver.facts(),
    );
    let (rows, page) = service::read_of_care_leaver(&app.db, &user.actor(&request_id), id, paging)
        .await?
        .take_items();
    let with_notes = policy::may(user.role, Power::NurseWork);
    let applications = applications::views(&app.db, rows, crate::age::today(), with_notes)
        .await?
        .into_iter()
        .map(|a| a.seen_with(show_facts))
        .collect();
    Ok(Json(page.with_items(applications)))
}

/// Apply for the scheme on a care leaver's behalf (their caseworker)
///
/// The care leaver's caseworker applies for them. The same checks apply as when the young person
/// applies.
#[utoipa::path(post, path = "/v1/care-leavers/{id}/prescription-applications", operation_id = "apply_for_prescription_scheme_on_behalf", tag = "prescriptions",
    params(CareLeaverPath),
    request_body = ApplicationRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Sent; the nurse has been told", body = ApplicationView),
        (status = 404, description = "No such care leaver, or not one you may apply for", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An application is already waiting for a decision", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field; or the rules say they can't apply (see `decision`)", body = SchemeRefusal, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn,
    ))]
pub(crate) async fn apply_on_behalf(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<ApplicationRequest>,
) -> Result<(StatusCode, Json<ApplicationView>), ApplyError> {
    let leaver = visible_to(
        &app.db,
        &user,
        id,
        Action::Write,
        Record::PrescriptionApplication,
    )
    .await?;
    let actor = user.actor(&request_id);
    let created = applications::apply(&app.db, &app.config, &actor, &leaver, body.into()).await?;
    app.mail_wakeup.notify_one();
    Ok((
        StatusCode::CREATED,
        Json(applications::view(&app.db, created, user.role).await?),
    ))
}

/// Applications from my local authority's care leavers (nurses)
///
/// Applications from care leavers of the nurse's local authority, to decide or
/// follow up.
#[utoipa::path(get, path = "/v1/prescription-applications", operation_id = "list_prescription_applications", tag = "prescriptions",
    params(ListQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Oldest first, so the work list reads in the order applications arrived", body = Page<ApplicationView>),
        NotSignedIn, NursesOnly, BadQuery,
    ))]
pub(crate) async fn list_applications(
    State(app): State<AppState>,
    Require(user, _): Require<Nurses>,
    request_id: RequestId,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<ApplicationView>>, AppError> {
    let (limit, offset) = query.page()?;
    let actor = user.actor(&request_id);
    let (rows, page) = service::read_of_authority(&app.db, &actor, query.status, (limit, offset))
        .await?
        .take_items();
    let with_notes = policy::may(user.role, Power::NurseWork);
    let applications = applications::views(&app.db, rows, crate::age::today(), with_notes).await?;
    Ok(Json(page.with_items(applications)))
}

/// Approve or decline an application (the Designated Nurse)
///
/// Only a Designated Nurse for Children in Care of the young person's authority decides;
/// other nurses get 403 and can add a note instead. Approving needs the prepayment
/// certificate's number and last valid day; declining needs a reason the young person will
/// read. The young person and their caseworker are e-mailed (no health details) and, on
/// approval, reminded 30 days before the certificate runs out. Approving a renewal cancels
/// the reminder for the certificate it renews.
#[utoipa::path(post, path = "/v1/prescription-applications/{id}/decision", operation_id = "decide_prescription_application", tag = "prescriptions",
    params(ApplicationPath),
    request_body = DecisionRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Decided", body = ApplicationView),
        (status = 403, description = "Only the Designated Nurse decides", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application in your local authority", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided or withdrawn; the detail names its status", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or missing field for this decision", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn,
    ))]
pub(crate) async fn decide(
    State(app): State<AppState>,
    Require(user, _): Require<Nurses>,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<DecisionRequest>,
) -> Result<Json<ApplicationView>, AppError> {
    let actor = user.actor(&request_id);
    let today = crate::age::today();
    let decided = super::nurse_work::decide(&app.db, &app.config, &actor, id, &body, today).await?;
    app.mail_wakeup.notify_one();
    Ok(Json(applications::view(&app.db, decided, user.role).await?))
}

/// Add a note to an application (nurses)
///
/// Any nurse of the young person's authority can add a note for the Designated Nurse, who
/// decides. Notes are shown to nurses only.
#[utoipa::path(post, path = "/v1/prescription-applications/{id}/notes", operation_id = "add_prescription_application_note", tag = "prescriptions",
    params(ApplicationPath),
    request_body = NewNote,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Added; the application with every note", body = ApplicationView),
        (status = 404, description = "No such application in your local authority", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, NursesOnly,
    ))]
pub(crate) async fn add_note(
    State(app): State<AppState>,
    Require(user, _): Require<Nurses>,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<NewNote>,
) -> Result<(StatusCode, Json<ApplicationView>), AppError> {
    let application =
        super::nurse_work::add_note(&app.db, &user.actor(&request_id), id, &body).await?;
    Ok((
        StatusCode::CREATED,
        Json(applications::view(&app.db, application, user.role).await?),
    ))
}

/// Withdraw an application that is waiting for a decision
///
/// The applicant (or their caseworker) withdraws an application before it is decided.
#[utoipa::path(post, path = "/v1/prescription-applications/{id}/withdraw", operation_id = "withdraw_prescription_application", tag = "prescriptions",
    params(ApplicationPath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Withdrawn; you can apply again", body = ApplicationView),
        (status = 404, description = "No such application, or not one you may change", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided or withdrawn; the detail names its status", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
pub(crate) async fn withdraw(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<ApplicationView>, AppError> {
    let application = applications::find(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    visible_to(
        &app.db,
        &user,
        application.care_leaver_id,
        Action::Write,
        Record::PrescriptionApplication,
    )
    .await?;
    let withdrawn = applications::withdraw(&app.db, &user.actor(&request_id), &application).await?;
    Ok(Json(
        applications::view(&app.db, withdrawn, user.role).await?,
    ))
}

/// How the care leavers' scheme is used in my local authority (nurses and admins)
///
/// Figures on the scheme for the caller's local authority; no names.
#[utoipa::path(get, path = "/v1/reports/prescriptions", operation_id = "get_prescriptions_report", tag = "prescriptions",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Applications per month, approvals, declines and active certificates; counts only", body = PrescriptionReport),
        (status = 403, description = "Nurses and admins only", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
pub(crate) async fn prescriptions_report(
    State(app): State<AppState>,
    Require(user, _): Require<PrescriptionReportReaders>,
) -> Result<Json<PrescriptionReport>, AppError> {
    Ok(Json(service::report(&app.db, &user.local_authority).await?))
}
