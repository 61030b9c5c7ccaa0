//! The home page: what needs the signed-in staff member's attention.
use askama::Template;
use axum::{extract::State, response::Response};

use super::{
    extract::ConsoleUser,
    pages::{self, Layout, PageError},
};
use crate::{auth::Role, state::AppState};

/// One thing to look at: a count that links to its list.
pub struct Attention {
    pub count: u64,
    pub label: String,
    /// The list behind the count, once the console has a page for it.
    pub href: Option<String>,
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

/// Counts from the same services as the API's work lists.
async fn attention_for(app: &AppState, user: &ConsoleUser) -> Result<Vec<Attention>, PageError> {
    let mut items = Vec::new();
    if user.role == Role::Nurse {
        let today = chrono::Utc::now().date_naive();
        let due =
            crate::passport::due_routes::due_in(&app.db, &user.local_authority, today).await?;
        items.push(Attention {
            count: due.without_passport.len() as u64,
            label: "young people need a first health passport".into(),
            href: None,
        });
        items.push(Attention {
            count: due.approaching_19_without_immunisations.len() as u64,
            label: "are nearly 19 with no immunisations in their passport".into(),
            href: None,
        });
    }
    Ok(items)
}
