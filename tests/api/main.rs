//! Integration tests against the real HTTP server, the real database (SQLite by default,
//! PostgreSQL with `TEST_DATABASE_URL`) and a real SMTP server.
mod access;
mod apprenticeships;
mod auth;
mod backup;
mod console;
mod console_admin;
mod content;
mod contract;
mod contract_breaking;
mod contract_examples;
mod dentists;
mod finder;
mod foundation;
mod instances;
mod mail;
mod nurse_demo;
mod ops;
mod paging;
mod passport;
mod plain_words;
mod prescriptions;
mod prescriptions_trust;
mod process;
mod processes;
mod reports;
mod security;
