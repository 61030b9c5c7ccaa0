//! E-mail that is never lost: a transactional outbox, a worker that delivers it over SMTP with
//! retries, and templates that never carry health details.
pub mod admin;
pub mod outbox;
pub mod routes;
pub mod templates;
pub mod transport;
pub mod worker;

pub use outbox::{Outgoing, enqueue, enqueue_about, enqueue_for};
pub use templates::Template;
