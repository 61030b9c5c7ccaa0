//! What the route files share: `use crate::http::prelude::*;` brings the extractors, the
//! guards, the access policy, the error type and the shared response sets, so each route file
//! imports only what is its own.
pub use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
pub use uuid::Uuid;

pub use super::{
    AppJson, AppPath, AppQuery, IfMatch, IfNoneMatch, RequestId,
    pagination::{Page, PageQuery},
    params::*,
    respond_with_etag,
    responses::*,
    with_etag,
};
pub use crate::{
    auth::{
        AuthUser, BearerToken, Role, RoleWords,
        guard::{
            Admins, Admits, Anyone, Caller, CareLeavers, ContentEditors, ContentReviewers,
            FormOwners, InterestFollowers, InterestReportReaders, Nurses, Onboarders,
            PrescriptionReportReaders, RoleSet,
        },
        policy::{self, Action, Power, Record},
    },
    error::{AppError, FieldError, Problem},
    state::AppState,
};
