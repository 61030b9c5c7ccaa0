//! The home page: what needs the signed-in staff member's attention.
use crate::auth::RoleWords;
use askama::Template;
use axum::response::Response;

use super::{
    extract::{Console, ConsoleUser},
    pages::{self, Layout, PageError},
};
use sea_orm::PaginatorTrait;

use crate::{
    auth::{
        Role,
        policy::{self, Power},
    },
    http::RequestId,
    state::AppState,
};

/// One thing to look at: a count that links to its list.
pub struct Attention {
    pub count: u64,
    pub label: String,
    /// The page that lists what is counted.
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

pub async fn home(
    Console(app, user, request_id): Console<ConsoleUser>,
) -> Result<Response, PageError> {
    let attention = attention_for(&app, &user, &request_id).await?;
    Ok(pages::ok(&HomePage {
        layout: user.layout("Home").current("home"),
        name: user.name.clone(),
        role_words: user.role.described_with_article(),
        attention,
    }))
}

/// Counts from the same services and queries as the API's work lists, each linking to the
/// page that lists the same items.
async fn attention_for(
    app: &AppState,
    user: &ConsoleUser,
    request_id: &RequestId,
) -> Result<Vec<Attention>, PageError> {
    let mut items = Vec::new();
    // Each count links to a page guarded by the same power.
    if policy::may(user.role, Power::NurseWork) {
        let today = crate::passport::service::today();
        let due =
            crate::passport::due_service::due_in(&app.db, &user.local_authority, today).await?;
        items.push(Attention {
            count: due.without_passport.len() as u64,
            label: "young people need a first health passport".into(),
            href: Some("/work/passports-due#first-passport".into()),
        });
        items.push(Attention {
            count: due.approaching_19_without_immunisations.len() as u64,
            label: "are nearly 19 with no immunisations in their passport".into(),
            href: Some("/work/passports-due#immunisations".into()),
        });
    }
    if policy::may(user.role, Power::FollowInterest) {
        let count = super::work::new_interest_query(user).count(&app.db).await?;
        items.push(Attention {
            count,
            label: if user.role == Role::Caseworker {
                "new expressions of interest from your young people".into()
            } else {
                "new expressions of interest".into()
            },
            href: Some("/work/interest".into()),
        });
    }
    if policy::may(user.role, Power::ReadEducationAnswers) {
        let count = super::work::interest_query(user, None)
            .count(&app.db)
            .await?;
        items.push(Attention {
            count,
            label: "Chances4YOUth forms from 16 and 17 year olds".into(),
            href: Some("/work/interest".into()),
        });
    }
    if policy::may(user.role, Power::ManageAccounts) {
        let actor = user.auth_user().actor(request_id);
        let failed = crate::mail::admin::list(
            &app.db,
            &actor,
            Some(crate::mail::admin::OutboxStatus::Failed),
        )
        .await?;
        items.push(Attention {
            count: failed.len() as u64,
            label: "e-mails could not be sent".into(),
            href: Some("/admin/mail".into()),
        });
        let staff = crate::accounts::service::list_staff(&app.db, &actor).await?;
        items.push(Attention {
            count: super::admin::users::awaiting_acceptance(staff).len() as u64,
            label: "staff have not accepted their invitation".into(),
            href: Some("/admin/users?status=invited".into()),
        });
    }
    Ok(items)
}
