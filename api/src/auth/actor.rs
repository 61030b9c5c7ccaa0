//! `Actor`: who is acting, as a domain service sees it. The API builds one from the bearer
//! token, the staff console from its session; the service neither knows nor cares which.
use uuid::Uuid;

use super::{
    AuthUser, Role,
    policy::{self, AsViewer, Power, Viewer},
};
use crate::{error::AppError, http::RequestId};

/// The person making a change, and the request it belongs to (for the audit log).
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Uuid,
    pub role: Role,
    /// Their name as records are stamped with it (e.g. who published a passport).
    pub name: String,
    pub local_authority: String,
    pub request_id: Option<String>,
}

impl Actor {
    pub fn viewer(&self) -> Viewer {
        Viewer {
            id: self.id,
            role: self.role,
            local_authority: self.local_authority.clone(),
        }
    }

    /// 403 (not for your kind of account) unless the actor's role has `power`.
    pub fn require(&self, power: Power) -> Result<(), AppError> {
        if policy::may(self.role, power) {
            Ok(())
        } else {
            Err(AppError::not_for_your_account())
        }
    }
}

impl Actor {
    /// The holder of `account` as the actor of a request (the console before its session is
    /// signed in).
    pub fn of_account(account: &entity::user::Model, request_id: Option<String>) -> Actor {
        Actor {
            id: account.id,
            role: account.role,
            name: account.name.clone(),
            local_authority: account.local_authority.clone(),
            request_id,
        }
    }
}

impl AsViewer for Actor {
    fn as_viewer(&self) -> Viewer {
        self.viewer()
    }
}

impl AsViewer for AuthUser {
    fn as_viewer(&self) -> Viewer {
        self.viewer()
    }
}

impl AuthUser {
    /// This caller as the actor of one request.
    pub fn actor(&self, request_id: &RequestId) -> Actor {
        Actor {
            id: self.id,
            role: self.role,
            name: self.name.clone(),
            local_authority: self.local_authority.clone(),
            request_id: request_id.0.clone(),
        }
    }
}
