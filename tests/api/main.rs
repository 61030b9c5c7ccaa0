//! Integration tests against the real HTTP server, the real database (SQLite by default,
//! PostgreSQL with `TEST_DATABASE_URL`) and a real SMTP server.
mod access;
mod auth;
mod finder;
mod foundation;
mod mail;
