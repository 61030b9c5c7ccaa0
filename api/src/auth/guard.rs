//! Role guards for role-only routes, so a handler's signature says who the route is for
//! (`Require<Nurses>`, as vaultwarden's `AdminHeaders`). A guard is an extractor that runs
//! before the body is read, so a caller whose role may never use the route gets 403 before any
//! body validation (a 422 naming the route's fields would describe a route they cannot use).
//! Which roles hold a power is `policy::may`'s table; a guard only names the power.
use std::{marker::PhantomData, ops::Deref};

use axum::{extract::FromRequestParts, http::request::Parts};

use super::{
    AuthUser,
    policy::{self, Power},
};
use crate::{error::AppError, state::AppState, words};

/// The callers a route is for: those whose role holds `POWER`.
pub trait RoleSet: Send + Sync {
    const POWER: Power;
    /// What everyone else is told (a 403 problem).
    const REFUSAL: &'static str = words::errors::NOT_FOR_YOUR_ACCOUNT;
}

/// The signed-in caller, known to hold `R::POWER`; 403 with `R::REFUSAL` otherwise.
pub struct Require<R: RoleSet>(pub AuthUser, pub PhantomData<R>);

impl<R: RoleSet> Deref for Require<R> {
    type Target = AuthUser;
    fn deref(&self) -> &AuthUser {
        &self.0
    }
}

impl<R: RoleSet> FromRequestParts<AppState> for Require<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Self::of(AuthUser::from_request_parts(parts, state).await?)
    }
}

impl<R: RoleSet> Require<R> {
    /// The guard's decision on a caller already checked against the database.
    pub fn of(user: AuthUser) -> Result<Self, AppError> {
        if !policy::may(user.role, R::POWER) {
            return Err(AppError::Forbidden(R::REFUSAL.into()));
        }
        Ok(Require(user, PhantomData))
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
