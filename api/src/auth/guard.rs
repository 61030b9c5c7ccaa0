//! The signed-in caller of an API route (`Caller`), with the role guard of a role-only route in
//! its type, so a handler's signature says who the route is for (`Caller<Nurses>`, as
//! vaultwarden's `AdminHeaders`). A guard is an extractor that runs
//! before the body is read, so a caller whose role may never use the route gets 403 before any
//! body validation (a 422 naming the route's fields would describe a route they cannot use).
//! Which roles hold a power is `policy::may`'s table; a guard only names the power.
use std::marker::PhantomData;

use axum::{extract::FromRequestParts, http::request::Parts};

use super::{
    Actor, AuthUser,
    policy::{self, Power},
};
use crate::{error::AppError, http::RequestId, state::AppState, words};

/// The callers a route is for: those whose role holds `POWER`.
pub trait RoleSet: Send + Sync {
    const POWER: Power;
    /// What everyone else is told (a 403 problem).
    const REFUSAL: &'static str = words::errors::NOT_FOR_YOUR_ACCOUNT;
}

/// Who a route lets in, once the caller is signed in: `Anyone`, or the roles of a `RoleSet`.
pub trait Admits: Send + Sync {
    /// `Ok` when `user` may use the route; the 403 problem otherwise.
    fn admit(user: &AuthUser) -> Result<(), AppError>;
}

/// Every signed-in caller (the route makes its own access decision, if any).
pub struct Anyone;

impl Admits for Anyone {
    fn admit(_: &AuthUser) -> Result<(), AppError> {
        Ok(())
    }
}

impl<R: RoleSet> Admits for R {
    fn admit(user: &AuthUser) -> Result<(), AppError> {
        if policy::may(user.role, R::POWER) {
            Ok(())
        } else {
            Err(AppError::Forbidden(R::REFUSAL.into()))
        }
    }
}

/// The signed-in caller of an API route with what its handler works with:
/// `Caller(app, user, actor, ..)`, the state, the account (checked as `AuthUser` does, then
/// against `R`, 403 with `R::REFUSAL`) and the actor the services record for this request, so
/// a handler takes one argument, not three.
pub struct Caller<R: Admits = Anyone>(pub AppState, pub AuthUser, pub Actor, pub PhantomData<R>);

impl<R: Admits> FromRequestParts<AppState> for Caller<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user = AuthUser::from_request_parts(parts, state).await?;
        R::admit(&user)?;
        let Ok(request_id) = RequestId::from_request_parts(parts, state).await;
        let actor = user.actor(&request_id);
        Ok(Caller(state.clone(), user, actor, PhantomData))
    }
}

macro_rules! role_set {
    ($(#[$doc:meta])* $name:ident: $power:ident $(, $refusal:expr)?) => {
        $(#[$doc])*
        pub struct $name;
        impl RoleSet for $name {
            const POWER: Power = Power::$power;
            $(const REFUSAL: &'static str = $refusal;)?
        }
    };
}

role_set!(/// Admins of a local authority.
    Admins: ManageAccounts);
role_set!(/// Children in Care nurses, at their work lists.
    Nurses: NurseWork);
role_set!(/// Young people themselves, with records of their own.
    CareLeavers: HoldOwnRecords);
role_set!(/// Young people, at their own expressions of interest (staff have their own route).
    FormOwners: HoldOwnRecords,
    "only young people have their own expressions of interest; staff use /v1/expressions-of-interest");
role_set!(/// Staff who onboard care leavers and list those they work with.
    Onboarders: OnboardCareLeavers);
role_set!(/// Staff who write health content.
    ContentEditors: EditContent);
role_set!(/// Staff who write health content, told so when they may not (the content routes that
    /// have always said why).
    ContentReviewers: EditContent, "only nurses and admins change health content");
role_set!(/// Nurses and admins, for the prescriptions report.
    PrescriptionReportReaders: ReadPrescriptionReport);
role_set!(/// HR, Connexions and caseworkers, who follow expressions of interest.
    InterestFollowers: FollowInterest);
role_set!(/// HR, Connexions and admins, for the Chances4YOUth report.
    InterestReportReaders: ReadInterestReport);
role_set!(/// Caseworkers, at their own caseload.
    Caseworkers: FollowCaseload);

#[cfg(test)]
mod tests {
    use sea_orm::Iterable;
    use uuid::Uuid;

    use super::*;
    use crate::auth::Role;

    fn signed_in(role: Role) -> AuthUser {
        AuthUser {
            id: Uuid::nil(),
            role,
            name: "Sam".into(),
            email: "sam@example.test".into(),
            local_authority: "dudley".into(),
            session_id: Uuid::nil(),
        }
    }

    #[test]
    fn anyone_admits_every_role_and_a_role_set_only_the_roles_holding_its_power() {
        for role in Role::iter() {
            let user = signed_in(role);
            assert!(Anyone::admit(&user).is_ok(), "{role:?}");
            match Nurses::admit(&user) {
                Ok(()) => assert!(policy::may(role, Power::NurseWork), "{role:?}"),
                Err(AppError::Forbidden(message)) => {
                    assert!(!policy::may(role, Power::NurseWork), "{role:?}");
                    assert_eq!(message, Nurses::REFUSAL);
                }
                Err(other) => panic!("{role:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_role_set_refuses_with_its_own_words() {
        let Err(AppError::Forbidden(message)) = FormOwners::admit(&signed_in(Role::Nurse)) else {
            panic!("a nurse has no expressions of interest of her own");
        };
        assert_eq!(message, FormOwners::REFUSAL);
    }
}
