//! Console extractors: the visitor's session, the signed-in staff member, role guards, and
//! forms whose CSRF token and Origin are checked before a handler sees them.
use entity::user::UserStatus;
use std::marker::PhantomData;

use axum::{
    extract::{FromRequest, FromRequestParts, Request},
    http::{HeaderMap, Method, header, request::Parts},
};
use chrono::Utc;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::{
    pages::{Layout, PageError},
    session::{self, Session, Stage},
};
use crate::{
    auth::{
        AuthUser, Role,
        guard::{Admins, Nurses, RoleSet},
        policy::{self, Power},
    },
    http::{RequestId, header_text},
    state::AppState,
};

/// Whoever is asking: their live console session, if they have one.
pub struct Visitor {
    pub session: Option<Session>,
    pub user_agent: Option<String>,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, PageError> {
        let user_agent = header_text(&parts.headers, header::USER_AGENT).map(str::to_owned);
        let session = match session::cookie_value(&parts.headers) {
            Some(raw) => session::load(&app.db, &raw, &app.config.console, Utc::now()).await?,
            None => None,
        };
        Ok(Visitor {
            session,
            user_agent,
        })
    }
}

/// A signed-in staff member (password and second factor done). Anyone else is sent to the
/// sign-in page.
#[derive(Debug, Clone)]
pub struct ConsoleUser {
    pub id: Uuid,
    pub role: Role,
    pub name: String,
    pub email: String,
    pub local_authority: String,
    pub session: Session,
}

impl ConsoleUser {
    /// The same caller type the API's handlers use, so console pages call the same services.
    pub fn auth_user(&self) -> AuthUser {
        AuthUser {
            id: self.id,
            role: self.role,
            name: self.name.clone(),
            email: self.email.clone(),
            local_authority: self.local_authority.clone(),
            // The console session: never an API session, so "this device" in the API's session
            // list is never a console session.
            session_id: self.session.id,
        }
    }

    /// The page frame for this user.
    pub fn layout(&self, title: impl Into<String>) -> Layout {
        Layout::signed_in(title, self)
    }
}

impl FromRequestParts<AppState> for ConsoleUser {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, PageError> {
        let visitor = Visitor::from_request_parts(parts, app).await?;
        let session = visitor.session.ok_or(PageError::SignIn)?;
        let user_id = session::user_at(&session, Stage::SignedIn).ok_or(PageError::SignIn)?;
        let user = crate::accounts::store::find(&app.db, user_id)
            .await
            .map_err(crate::error::AppError::from)?
            .filter(|u| u.status == UserStatus::Active);
        let Some(user) = user else {
            session::delete(&app.db, session.id).await?;
            return Err(PageError::SignIn);
        };
        let role = Some(user.role)
            .filter(|r| policy::may(*r, Power::UseConsole))
            .ok_or(PageError::SignIn)?;
        Ok(ConsoleUser {
            id: user.id,
            role,
            name: user.name,
            email: user.email,
            local_authority: user.local_authority,
            session,
        })
    }
}

/// What a console handler starts from: the app's state, the signed-in staff member (`U`:
/// `ConsoleUser`, or a `WithRole` guard that refuses the others first) and the request's id
/// for the audit log, as `Console(app, user, request_id)`.
pub struct Console<U>(pub AppState, pub U, pub RequestId);

impl<U> FromRequestParts<AppState> for Console<U>
where
    U: FromRequestParts<AppState, Rejection = PageError> + Send,
{
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, PageError> {
        let user = U::from_request_parts(parts, app).await?;
        let Ok(request_id) = RequestId::from_request_parts(parts, app).await;
        Ok(Console(app.clone(), user, request_id))
    }
}

/// A signed-in staff member whose role holds `R::POWER` (the API's guards' role sets, so a
/// page and its API route let in the same people); others get a 403 page.
pub struct WithRole<R: RoleSet>(pub ConsoleUser, PhantomData<R>);

impl<R: RoleSet> std::ops::Deref for WithRole<R> {
    type Target = ConsoleUser;
    fn deref(&self) -> &ConsoleUser {
        &self.0
    }
}

impl<R: RoleSet> FromRequestParts<AppState> for WithRole<R> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, PageError> {
        let user = ConsoleUser::from_request_parts(parts, app).await?;
        if !policy::may(user.role, R::POWER) {
            return Err(PageError::Forbidden(Box::new(user)));
        }
        Ok(WithRole(user, PhantomData))
    }
}

/// Admins only.
pub type ConsoleAdmin = WithRole<Admins>;

/// Children in Care nurses only.
pub type ConsoleNurse = WithRole<Nurses>;

/// A posted form, after its CSRF token and Origin were checked against the session.
pub struct CsrfForm<T> {
    pub session: Session,
    pub form: T,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, app: &AppState) -> Result<Self, PageError> {
        let (mut parts, body) = req.into_parts();
        if parts.method != Method::POST || !origin_allowed(&parts.headers, app) {
            return Err(PageError::CsrfRefused);
        }
        let visitor = Visitor::from_request_parts(&mut parts, app).await?;
        let session = visitor.session.ok_or(PageError::CsrfRefused)?;
        let bytes = axum::body::to_bytes(body, crate::http::extract::MAX_BODY_BYTES)
            .await
            .map_err(|_| PageError::BadForm)?;
        let given = form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "csrf_token")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        if !session::same_token(&given, &session.csrf_token) {
            return Err(PageError::CsrfRefused);
        }
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|_| PageError::BadForm)?;
        Ok(CsrfForm { session, form })
    }
}

/// A browser's `Origin` must be this service (the console sends `Referrer-Policy:
/// same-origin`, so its own forms carry a real Origin, never `null`). Requests without an
/// Origin (not from a browser) still need the CSRF token.
fn origin_allowed(headers: &HeaderMap, app: &AppState) -> bool {
    let Some(origin) = header_text(headers, header::ORIGIN) else {
        return true;
    };
    let configured = app.config.public_base_url.origin().ascii_serialization();
    if origin == configured {
        return true;
    }
    let host = header_text(headers, header::HOST);
    host.is_some_and(|host| {
        origin == format!("http://{host}") || origin == format!("https://{host}")
    })
}
