//! My account: change password, second factor and recovery codes, my sessions.
use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
