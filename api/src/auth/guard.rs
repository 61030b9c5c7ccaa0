//! Role guards for role-only routes. A guard is an extractor that runs before the body is
//! read, so a caller whose role may never use the route gets 403 before any body validation
//! (a 422 naming the route's fields would describe a route they cannot use).
use std::marker::PhantomData;

use axum::{extract::FromRequestParts, http::request::Parts};

use super::{AuthUser, Role};
use crate::{error::AppError, state::AppState};

/// A set of roles a route is for.
pub trait Roles: Send + Sync {
    const ROLES: &'static [Role];
}

/// The signed-in caller, known to have one of `R::ROLES`; 403 otherwise.
pub struct Require<R: Roles>(pub AuthUser, pub PhantomData<R>);

impl<R: Roles> FromRequestParts<AppState> for Require<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user = AuthUser::from_request_parts(parts, state).await?;
        user.require(R::ROLES)?;
        Ok(Require(user, PhantomData))
    }
}

macro_rules! roles {
    ($(#[$doc:meta])* $name:ident: $($role:ident),+) => {
        $(#[$doc])*
        pub struct $name;
        impl Roles for $name {
            const ROLES: &'static [Role] = &[$(Role::$role),+];
        }
    };
}

roles!(/// Admins of a local authority.
    Admins: Admin);
roles!(/// Children in Care nurses.
    Nurses: Nurse);
roles!(/// Young people themselves.
    CareLeavers: CareLeaver);
roles!(/// Staff who onboard care leavers (see `policy::may_onboard_care_leavers`).
    Onboarders: Nurse, Caseworker, Admin);
roles!(/// Staff who write health content (see `policy::may_edit_content`).
    ContentEditors: Nurse, Admin);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::policy::{may_edit_content, may_onboard_care_leavers};

    #[test]
    fn guards_agree_with_the_policy() {
        for role in Role::ALL {
            assert_eq!(
                Onboarders::ROLES.contains(&role),
                may_onboard_care_leavers(role),
                "{role}"
            );
            assert_eq!(
                ContentEditors::ROLES.contains(&role),
                may_edit_content(role),
                "{role}"
            );
        }
    }
}
