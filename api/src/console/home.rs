//! The home page: what needs the signed-in staff member's attention.
use askama::Template;
use axum::{extract::State, response::Response};

use super::{
    extract::ConsoleUser,
    pages::{self, Layout, PageError},
};
use crate::state::AppState;

/// One thing to look at: a count that links to its list.
pub struct Attention {
    pub count: u64,
    pub label: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "console/home.html")]
struct HomePage {
    layout: Layout,
    name: String,
    role_words: &'static str,
    attention: Vec<Attention>,
}

pub async fn home(State(app): State<AppState>, user: ConsoleUser) -> Result<Response, PageError> {
    let attention = attention_for(&app, &user).await?;
    Ok(pages::ok(&HomePage {
        layout: user.layout("Home").current("home"),
        name: user.name.clone(),
        role_words: user.role.described(),
        attention,
    }))
}

async fn attention_for(_app: &AppState, _user: &ConsoleUser) -> Result<Vec<Attention>, PageError> {
    Ok(Vec::new())
}
