//! Integration tests against the real HTTP server, the real database (SQLite by default,
//! PostgreSQL with `TEST_DATABASE_URL`) and a real SMTP server.
mod access;
mod apprenticeships;
mod auth;
mod console_admin;
mod content;
mod contract;
mod finder;
mod foundation;
mod mail;
mod passport;
mod prescriptions;
