//! Response sets for `#[utoipa::path(responses(...))]`: the answers many operations document
//! alike (not signed in, body and query errors, preconditions, role guards), written once.
//! Each is a utoipa `IntoResponses` type, named in a `responses(...)` list beside the
//! operation's own tuples; the document lists responses by status code, so where a set stands
//! in the list does not change the contract.
use std::collections::BTreeMap;

use utoipa::{
    IntoResponses, ToSchema,
    openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder},
};

use crate::error::Problem;

/// An `application/problem+json` answer, as `(status = …, body = Problem, content_type =
/// "application/problem+json")` writes it.
pub fn problem(description: &str) -> RefOr<Response> {
    let schema = Ref::from_schema_name(Problem::name());
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
        .into()
}

/// An answer without a body (`304 Not Modified`).
fn empty(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .build()
        .into()
}

macro_rules! response_set {
    ($(#[$doc:meta])* $name:ident: $($status:literal => $kind:ident($description:literal)),+ $(,)?) => {
        $(#[$doc])*
        pub struct $name;
        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                BTreeMap::from([$(($status.to_string(), $kind($description))),+])
            }
        }
    };
}

response_set!(/// 401: no valid access token.
    NotSignedIn: "401" => problem("Not signed in"));
response_set!(/// 400 and 415: the body is not JSON (`AppJson`'s rejections).
    BodyErrors: "400" => problem("Malformed JSON"), "415" => problem("Not JSON"));
response_set!(/// 422: a field of the body failed its check.
    InvalidField: "422" => problem("Invalid field"));
response_set!(/// 422: a required field of the body is missing.
    MissingField: "422" => problem("Missing field"));
response_set!(/// 413: over the body limit.
    BodyTooLarge: "413" => problem("Body too large"));
response_set!(/// 428: a change that needs `If-Match` came without it.
    IfMatchMissing: "428" => problem("If-Match is missing"));
response_set!(/// 422: a query parameter failed its check (`AppQuery`'s rejection).
    BadQuery: "422" => problem("Bad query parameter"));
response_set!(/// 422: paging out of range.
    PageOutOfRange: "422" => problem("`limit` or `offset` out of range"));
response_set!(/// 400: an address that takes no query string got one (`NoQuery`).
    QueryStringRefused: "400" => problem("A query string was sent; this address takes none"));
response_set!(/// 304 for `If-None-Match` on the caller's own records.
    NotModified: "304" => empty("Your copy is current"));
response_set!(/// 304 for `If-None-Match` on shared lists and articles.
    UnchangedSinceETag: "304" => empty("Unchanged since the ETag you sent"));
response_set!(/// 409: another account signs in with the e-mail address sent.
    EmailTaken: "409" => problem("Another account uses this e-mail address"));
response_set!(/// 403 from `Caller<Admins>`.
    AdminsOnly: "403" => problem("Admins only"));
response_set!(/// 403 from `Caller<Nurses>`.
    NursesOnly: "403" => problem("Nurses only"));
response_set!(/// 403 from `Caller<CareLeavers>` on the passport routes.
    PassportOwnersOnly: "403" => problem("Only care leavers have a passport"));
response_set!(/// 403 from `Caller<FormOwners>`.
    FormOwnersOnly: "403" => problem("Only young people have expressions of interest"));
response_set!(/// 403 from `Caller<ContentEditors>`.
    ContentEditorsOnly: "403" => problem("Only nurses and admins write health content"));
response_set!(/// 404 on the young person's own passport routes before a first version.
    NoPassportYet: "404" => problem("No passport has been published for you yet"));
response_set!(/// 404 on article routes.
    NoSuchArticle: "404" => problem("No such article"));
