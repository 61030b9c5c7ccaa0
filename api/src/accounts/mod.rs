//! Staff accounts of a local authority, as its admins manage them: invite, rename, change role,
//! disable and enable, resend an invitation. The API (`/v1/users`) and the staff console call
//! these same operations.
pub mod service;
pub mod store;

pub use service::{AccountChanges, NewStaff, create_account};
pub use store::NewAccount;
