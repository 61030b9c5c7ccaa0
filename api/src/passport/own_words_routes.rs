//! The young person's own words: reading, writing and taking out the section they write
//! themselves.
use crate::http::prelude::*;

use super::me_routes::me;
use super::own_words::{self, OwnWordsInput, OwnWordsView};

/// Read my own words
///
/// What I wrote for a future GP to know, and whether my published passport shows it yet.
#[utoipa::path(get, path = "/v1/me/passport/own-words", operation_id = "get_my_own_words", tag = "passport",
    responses(
        (status = 200, description = "My own words (`text` is null until I write some)", body = OwnWordsView),
        NotSignedIn, PassportOwnersOnly,
    ))]
pub(crate) async fn get_own_words(
    Caller(app, user, ..): Caller<CareLeavers>,
) -> Result<Json<OwnWordsView>, AppError> {
    let leaver = me(&app, &user, Record::Passport).await?;
    Ok(Json(own_words::view(&app.db, &leaver).await?))
}

/// Write or change my own words
///
/// Plain text for the "my own words" part of my passport. My nurse sees it as mine and cannot
/// change it; my nurse's next published version shows it.
#[utoipa::path(put, path = "/v1/me/passport/own-words", operation_id = "put_my_own_words", tag = "passport",
    request_body = OwnWordsInput,
    responses(
        (status = 200, description = "Saved", body = OwnWordsView),
        (status = 422, description = "Blank, too long (over 5000 characters) or not plain text", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, PassportOwnersOnly,
    ))]
pub(crate) async fn put_own_words(
    Caller(app, user, actor, ..): Caller<CareLeavers>,
    AppJson(body): AppJson<OwnWordsInput>,
) -> Result<Json<OwnWordsView>, AppError> {
    let leaver = me(&app, &user, Record::Passport).await?;
    Ok(Json(
        own_words::write(&app.db, &actor, &leaver, &body.text).await?,
    ))
}

/// Take my own words out
///
/// Empties the "my own words" part of my passport; my nurse's next published version leaves
/// it out.
#[utoipa::path(delete, path = "/v1/me/passport/own-words", operation_id = "delete_my_own_words", tag = "passport",
    responses(
        (status = 200, description = "Taken out", body = OwnWordsView),
        NotSignedIn, PassportOwnersOnly,
    ))]
pub(crate) async fn delete_own_words(
    Caller(app, user, actor, ..): Caller<CareLeavers>,
) -> Result<Json<OwnWordsView>, AppError> {
    let leaver = me(&app, &user, Record::Passport).await?;
    Ok(Json(own_words::remove(&app.db, &actor, &leaver).await?))
}
