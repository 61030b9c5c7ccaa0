//! Every path and method of the API in one table (as atuin's `server/src/router.rs`). The
//! handlers stay beside their domain; utoipa-axum's `routes!` takes each handler's documented
//! path and method from its `#[utoipa::path]`, so the contract is still generated from the
//! handlers themselves. The comment above each line says what it serves; a test keeps the
//! comments true.
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    apprenticeships::report_routes as report, apprenticeships::review_routes as review,
    apprenticeships::routes as interest, audit::routes as audit, auth::routes as auth_routes,
    auth::second_factor_routes as second_factor, auth::session_routes as sessions,
    care_leavers::routes as care_leavers, content::directory_routes as directory,
    content::routes as articles, finder::dentist_note_routes as dentist_notes,
    finder::routes as finder, health, mail::routes as mail, passport::due_routes as due,
    passport::me_routes as my_passport, passport::own_words_routes as own_words, passport::queries,
    passport::routes as passport, passport::share::routes as share,
    passport::travel_routes as travel, prescriptions::routes as prescriptions, state::AppState,
    words::glossary,
};

/// Every API route, with its documentation, added to `doc` (the document's info, servers and
/// security schemes: `openapi::ApiDoc`, which calls this).
pub fn api_router(doc: utoipa::openapi::OpenApi) -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(doc)
        // Probes
        // GET /healthz
        .routes(routes!(health::healthz))
        // GET /readyz
        .routes(routes!(health::readyz))
        // Signing in and out, invitations, passwords, e-mail changes
        // POST /v1/auth/login
        .routes(routes!(auth_routes::login))
        // POST /v1/auth/login/totp
        .routes(routes!(auth_routes::login_totp))
        // POST /v1/auth/refresh
        .routes(routes!(auth_routes::refresh))
        // POST /v1/auth/logout
        .routes(routes!(auth_routes::logout))
        // POST /v1/auth/invitations/accept
        .routes(routes!(auth_routes::accept_invitation))
        // POST /v1/auth/password-reset
        .routes(routes!(auth_routes::request_password_reset))
        // POST /v1/auth/password-reset/confirm
        .routes(routes!(auth_routes::confirm_password_reset))
        // POST /v1/me/password
        .routes(routes!(auth_routes::change_password))
        // POST /v1/auth/email-change/confirm
        .routes(routes!(auth_routes::confirm_email_change))
        // Second factor
        // POST, DELETE /v1/me/second-factor
        .routes(routes!(second_factor::start, second_factor::remove))
        // POST /v1/me/second-factor/confirm
        .routes(routes!(second_factor::confirm))
        // Sign-in sessions
        // GET /v1/me/sessions
        .routes(routes!(sessions::list_sessions))
        // DELETE /v1/me/sessions/{id}
        .routes(routes!(sessions::end_session))
        // Care leavers, staff accounts, the signed-in person
        // POST, GET /v1/care-leavers
        .routes(routes!(
            care_leavers::create_care_leaver,
            care_leavers::list_care_leavers
        ))
        // GET, PATCH /v1/care-leavers/{id}
        .routes(routes!(
            care_leavers::get_care_leaver,
            care_leavers::update_care_leaver
        ))
        // POST, GET /v1/users
        .routes(routes!(care_leavers::create_user, care_leavers::list_users))
        // PATCH /v1/users/{id}
        .routes(routes!(care_leavers::update_user))
        // GET, PATCH /v1/me
        .routes(routes!(care_leavers::get_me, care_leavers::update_me))
        // GET /v1/local-authorities
        .routes(routes!(care_leavers::list_local_authorities))
        // Passports, for staff
        // GET, PUT /v1/care-leavers/{id}/passport/draft
        .routes(routes!(passport::get_draft, passport::put_draft))
        // POST /v1/care-leavers/{id}/passport/publish
        .routes(routes!(passport::publish))
        // GET /v1/care-leavers/{id}/passport
        .routes(routes!(passport::get_passport))
        // GET /v1/care-leavers/{id}/passport/versions
        .routes(routes!(passport::list_versions))
        // GET /v1/care-leavers/{id}/passport/versions/{n}
        .routes(routes!(passport::get_version))
        // GET /v1/care-leavers/{id}/passport/versions/{n}/changes
        .routes(routes!(passport::get_changes))
        // My passport
        // GET /v1/me/passport
        .routes(routes!(my_passport::my_passport))
        // POST /v1/me/passport/acknowledge
        .routes(routes!(my_passport::acknowledge))
        // GET /v1/me/passport/export
        .routes(routes!(my_passport::export))
        // Young people's questions about their passport
        // POST, GET /v1/me/passport/queries
        .routes(routes!(queries::raise_query, queries::my_queries))
        // GET /v1/care-leavers/{id}/passport/queries
        .routes(routes!(queries::care_leaver_queries))
        // POST /v1/passport-queries/{id}/resolve
        .routes(routes!(queries::resolve_query))
        // GET /v1/passport-queries
        .routes(routes!(queries::caseload_queries))
        // The young person's own words
        // GET, PUT, DELETE /v1/me/passport/own-words
        .routes(routes!(
            own_words::get_own_words,
            own_words::put_own_words,
            own_words::delete_own_words
        ))
        // The nurses' due list
        // GET /v1/passports/due
        .routes(routes!(due::passports_due))
        // Passports to take away (FHIR, PDF)
        // GET /v1/me/passport/fhir
        .routes(routes!(travel::my_fhir))
        // GET /v1/me/passport/pdf
        .routes(routes!(travel::my_pdf))
        // GET /v1/care-leavers/{id}/passport/versions/{n}/fhir
        .routes(routes!(travel::version_fhir))
        // Share links
        // POST, GET /v1/me/passport/share-links
        .routes(routes!(share::create_share_link, share::list_share_links))
        // DELETE /v1/me/passport/share-links/{id}
        .routes(routes!(share::revoke_share_link))
        // POST /v1/shared/{token}/fhir
        .routes(routes!(share::open_shared_fhir))
        // POST /v1/shared/{token}/pdf
        .routes(routes!(share::open_shared_pdf))
        // My access log
        // GET /v1/me/access-log
        .routes(routes!(audit::access_log))
        // The outbox, for admins
        // GET /v1/admin/outbox
        .routes(routes!(mail::list_outbox))
        // POST /v1/admin/outbox/{id}/retry
        .routes(routes!(mail::retry_message))
        // Prescriptions
        // POST /v1/prescriptions/eligibility
        .routes(routes!(prescriptions::check_eligibility))
        // POST, GET /v1/me/prescription-applications
        .routes(routes!(
            prescriptions::apply_for_me,
            prescriptions::list_my_applications
        ))
        // POST, GET /v1/care-leavers/{id}/prescription-applications
        .routes(routes!(
            prescriptions::apply_on_behalf,
            prescriptions::list_for_care_leaver
        ))
        // GET /v1/prescription-applications
        .routes(routes!(prescriptions::list_applications))
        // POST /v1/prescription-applications/{id}/decision
        .routes(routes!(prescriptions::decide))
        // POST /v1/prescription-applications/{id}/notes
        .routes(routes!(prescriptions::add_note))
        // POST /v1/prescription-applications/{id}/withdraw
        .routes(routes!(prescriptions::withdraw))
        // GET /v1/reports/prescriptions
        .routes(routes!(prescriptions::prescriptions_report))
        // Health articles
        // GET, POST /v1/content/articles
        .routes(routes!(articles::list_articles, articles::create_article))
        // GET, PUT /v1/content/articles/{id}
        .routes(routes!(articles::get_article, articles::update_article))
        // GET /v1/content/articles/{id}/draft
        .routes(routes!(articles::get_draft))
        // POST /v1/content/articles/{id}/publish
        .routes(routes!(articles::publish_article))
        // POST /v1/content/articles/{id}/unpublish
        .routes(routes!(articles::unpublish_article))
        // GET /v1/content/articles/{id}/versions
        .routes(routes!(articles::list_versions))
        // GET /v1/content/review-due
        .routes(routes!(articles::review_due))
        // Local services and links
        // GET, POST /v1/content/services
        .routes(routes!(directory::list_services, directory::create_service))
        // GET, PUT /v1/content/services/{id}
        .routes(routes!(directory::get_service, directory::update_service))
        // GET /v1/content/links
        .routes(routes!(directory::list_links))
        // Chances4YOUth: my expressions of interest
        // POST, GET /v1/me/expressions-of-interest
        .routes(routes!(interest::submit, interest::list_mine))
        // GET, PUT, PATCH /v1/me/expressions-of-interest/{id}
        .routes(routes!(
            interest::get_mine,
            interest::replace_mine,
            interest::patch_mine
        ))
        // POST /v1/me/expressions-of-interest/{id}/withdraw
        .routes(routes!(interest::withdraw))
        // Chances4YOUth: the review
        // GET /v1/expressions-of-interest
        .routes(routes!(review::list))
        // GET /v1/expressions-of-interest/{id}
        .routes(routes!(review::get_one))
        // POST /v1/expressions-of-interest/{id}/status
        .routes(routes!(review::change_status))
        // Chances4YOUth: the report and the form options
        // GET /v1/reports/chances4youth
        .routes(routes!(report::report))
        // GET /v1/chances4youth/options
        .routes(routes!(report::options))
        // The GP and dentist finder
        // GET /v1/practices/nearby
        .routes(routes!(finder::nearby))
        // GET /v1/practices/{ods_code}
        .routes(routes!(finder::get_practice))
        // The nurses' local knowledge of dentists
        // PUT /v1/practices/{ods_code}/dentist-note
        .routes(routes!(dentist_notes::put_dentist_note))
        // GET /v1/dentist-notes/to-recheck
        .routes(routes!(dentist_notes::dentist_notes_to_recheck))
        // Plain words
        // GET /v1/glossary
        .routes(routes!(glossary::get_glossary))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// `METHOD path` for every operation, from the comments of the table above.
    fn listed() -> BTreeSet<String> {
        let mut listed = BTreeSet::new();
        for line in include_str!("router.rs").lines() {
            let Some(comment) = line.trim().strip_prefix("// ") else {
                continue;
            };
            let Some((methods, path)) = comment.rsplit_once(' ') else {
                continue;
            };
            if !path.starts_with('/') {
                continue;
            }
            for method in methods.split(", ") {
                listed.insert(format!("{method} {path}"));
            }
        }
        listed
    }

    #[test]
    fn the_table_lists_every_operation_of_the_contract_and_nothing_else() {
        let (_, doc) = super::api_router(utoipa::openapi::OpenApi::default()).split_for_parts();
        let mut served = BTreeSet::new();
        for (path, item) in &doc.paths.paths {
            let item = serde_json::to_value(item).unwrap();
            for method in ["get", "put", "post", "delete", "patch"] {
                if item.get(method).is_some() {
                    served.insert(format!("{} {path}", method.to_uppercase()));
                }
            }
        }
        assert_eq!(served.len(), 96, "{served:#?}");
        assert_eq!(listed(), served);
    }
}
