//! `Actor`: who is acting, as a domain service sees it. The API builds one from the bearer
//! token, the staff console from its session; the service neither knows nor cares which.
use uuid::Uuid;

use super::{AuthUser, Role, policy::Viewer};
use crate::http::RequestId;

/// The person making a change, and the request it belongs to (for the audit log).
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Uuid,
    pub role: Role,
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

    /// The request id in the form the audit log takes.
    pub fn request(&self) -> RequestId {
        RequestId(self.request_id.clone())
    }
}

impl AuthUser {
    /// This caller as the actor of one request.
    pub fn actor(&self, request_id: &RequestId) -> Actor {
        Actor {
            id: self.id,
            role: self.role,
            local_authority: self.local_authority.clone(),
            request_id: request_id.0.clone(),
        }
    }
}
