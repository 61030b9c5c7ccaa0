//! The mobile contract: every route is registered through utoipa so the document cannot miss
//! one.
use sea_orm::Iterable;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme},
};

use serde_json::{Value, json};

use crate::{
    content::{
        model::Topic,
        rules::{
            LOCAL_AUTHORITIES, MAX_SERVICE_AGE, MAX_SERVICE_NAME, MAX_SERVICE_OFFERS,
            MAX_SERVICE_TEXT, MAX_SOURCES,
        },
    },
    domain_types::{EmailAddress, NhsNumber, OdsCode, PhoneNumber, Postcode, UkPhone},
    finder::dentist_notes::MAX_NOTES as MAX_DENTIST_NOTES,
    passport::{
        checker::{MAX_OWN_WORDS, MAX_SHORT_TEXT, MAX_TEXT},
        queries::MAX_QUERY_TEXT,
        share::service::MAX_RECIPIENT,
    },
    state::AppState,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Care Passport API",
        description = "The API behind Dudley's care leavers' app: the Leaving Care Health Passport, a GP and dentist finder, free-prescription eligibility, Chances4YOUth expressions of interest and health information. See mobile-contract/README.md.",
        license(name = "MIT", identifier = "MIT"),
        contact(name = "Care Passport team, Dudley Council", url = "https://www.dudley.gov.uk/"),
        version = "2.2.2",
    ),
    servers(
        (url = "/", description = "The server that serves this document: each deployment (and the demo, `care-passport demo`) answers the API on its own address"),
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "health", description = "Probes"),
        (name = "auth", description = "Signing in and out"),
        (name = "me", description = "The signed-in person's own records"),
        (name = "care-leavers", description = "Care leavers, for staff"),
        (name = "passport", description = "The Leaving Care Health Passport: drafts, published versions, acknowledgements, queries and the due list"),
        (name = "users", description = "Staff accounts, for admins"),
        (name = "admin", description = "Operations"),
        (name = "prescriptions", description = "Free-prescription eligibility and the care leavers' scheme"),
        (name = "content", description = "Health information, local services and links that nurses keep up to date"),
        (name = "chances4youth", description = "Chances4YOUth: apprenticeship and work-experience expressions of interest, their review by HR and Connexions, and the outcomes report"),
        (name = "practices", description = "The GP and dentist finder, on NHS practice lists"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Access token from /v1/auth/login or /v1/auth/refresh"))
                    .build(),
            ),
        );
    }
}

/// The API's routes and their document, with the server's constraints written in.
pub fn split() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = crate::router::api_router(ApiDoc::openapi()).split_for_parts();
    bearer_unless_public(&mut doc);
    (router, with_constraints(doc))
}

/// Every operation needs the bearer token unless its `#[utoipa::path]` says `security()` (the
/// public ones: probes, signing in, shared links), so the signed-in operations need not each
/// repeat it and a new one cannot be documented as public by forgetting to.
fn bearer_unless_public(doc: &mut utoipa::openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            operation.security.get_or_insert_with(|| {
                vec![SecurityRequirement::new("bearer", Vec::<String>::new())]
            });
        }
    }
}

/// The OpenAPI document as pretty JSON (what `mobile-contract/openapi.json` holds).
pub fn document() -> utoipa::openapi::OpenApi {
    split().1
}

/// Where a constraint goes: a property of a component schema, or a parameter of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Property(&'static str, &'static str),
    /// Path, method, parameter name.
    Parameter(&'static str, &'static str, &'static str),
}

fn length(min: usize, max: usize) -> Value {
    json!({"minLength": min, "maxLength": max})
}

fn pattern(p: &str) -> Value {
    json!({ "pattern": p })
}

// E-mail and phone fields get a `pattern` and no `maxLength`: the server counts their length
// after trimming the spaces around them (254 characters for an address, 30 for a number),
// which `maxLength` cannot say; a `maxLength` would refuse a padded value the server takes.

/// An e-mail address [`EmailAddress::parse`] accepts.
fn email_address() -> Value {
    pattern(EmailAddress::PATTERN)
}

/// A number [`PhoneNumber::parse`] accepts: any (`whole: false`, short codes such as 111
/// included) or one a young person can be reached on (`whole: true`).
fn phone_number(whole: bool) -> Value {
    pattern(if whole {
        PhoneNumber::FULL_PATTERN
    } else {
        PhoneNumber::PATTERN
    })
}

/// A number [`UkPhone::parse`] accepts.
fn uk_phone() -> Value {
    pattern(UkPhone::PATTERN)
}

/// `constraint` for a field where blank (or only spaces) counts as none given.
fn or_blank(mut constraint: Value) -> Value {
    if let Some(pattern) = constraint["pattern"].as_str().map(str::to_owned) {
        constraint["pattern"] = json!(format!("^\\s*$|{pattern}"));
    }
    constraint
}

/// `constraint` in the passport, where the checker counts every text field's characters,
/// spaces included, up to [`MAX_SHORT_TEXT`].
fn in_passport(mut constraint: Value) -> Value {
    constraint["maxLength"] = json!(MAX_SHORT_TEXT);
    constraint
}

/// A web address the passport's checker accepts: `http://` or `https://`, then a dot and no
/// white space (Unicode's, which `char::is_whitespace` means).
pub const WEB_ADDRESS_PATTERN: &str = concat!(
    r"^https?://[^\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*",
    r"\.[^\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
);

/// The passport's text fields, each with the limit `passport::validate` checks it against:
/// a short text ([`MAX_SHORT_TEXT`]), a long one ([`MAX_TEXT`]), or the young person's own
/// words. A field the checker requires may not be empty (blank is refused by the server too).
/// `tests/api/contract_examples.rs` puts values just inside and outside each into a full
/// passport and checks the checker agrees, and that no text field of the passport is left
/// without a limit.
fn passport_text() -> Vec<(Target, Value)> {
    use Target::Property;
    let (short, long) = (MAX_SHORT_TEXT, MAX_TEXT);
    let required = |schema, field, max| (Property(schema, field), length(1, max));
    let optional = |schema, field, max| (Property(schema, field), json!({ "maxLength": max }));
    let patterned = |schema, field, p| (Property(schema, field), pattern(p));
    vec![
        optional("AboutMe", "preferred_name", short),
        optional("AboutMe", "optician", short),
        patterned("AboutMe", "nhs_number", NhsNumber::PATTERN),
        patterned("AboutMe", "gp_practice_ods_code", OdsCode::PATTERN),
        patterned("AboutMe", "dentist_ods_code", OdsCode::PATTERN),
        required("Contact", "name", short),
        optional("Contact", "role", short),
        optional("BirthHistory", "newborn_problems", long),
        optional("BirthHistory", "prenatal_exposure_notes", long),
        required("FamilyCondition", "condition", short),
        required("FamilyCondition", "relationship", short),
        optional("Development", "summary", long),
        optional("SexualHealthAndSubstanceUse", "sexual_health", long),
        optional("SexualHealthAndSubstanceUse", "contraception", long),
        optional("SexualHealthAndSubstanceUse", "substance_use", long),
        optional("SexualHealthAndSubstanceUse", "smoking_and_vaping", long),
        required("MyOwnWords", "text", MAX_OWN_WORDS),
        required("Condition", "name", short),
        optional("Condition", "notes", long),
        required("OperationOrStay", "description", long),
        optional("OperationOrStay", "hospital", short),
        required("Therapy", "therapy", short),
        optional("Therapy", "provider", short),
        optional("Therapy", "notes", long),
        required("Medicine", "name", short),
        optional("Medicine", "dose", long),
        optional("Medicine", "reason", short),
        required("Allergy", "substance", short),
        optional("Allergy", "reaction", long),
        required("Immunisation", "vaccine", short),
        optional("HealthCheck", "outcome", long),
        optional("EmotionalHealth", "summary", long),
        required("SupportReceived", "service", short),
        optional("SupportReceived", "notes", long),
        optional("HealthAssessment", "notes", long),
        required("HealthPlanAction", "action", long),
        required("HealthPlanAction", "responsible", short),
        required("HelpService", "name", short),
        optional("HelpService", "what_for", long),
        (
            Property("HelpService", "website"),
            json!({ "maxLength": short, "pattern": WEB_ADDRESS_PATTERN }),
        ),
    ]
}

/// The local authorities a request may name, for an `enum` (with `null` where it may be left
/// empty).
fn local_authorities(nullable: bool) -> Value {
    let mut values: Vec<Value> = LOCAL_AUTHORITIES.iter().map(|la| json!(la)).collect();
    if nullable {
        values.push(Value::Null);
    }
    json!({ "enum": values })
}

/// Constraints the server enforces that utoipa's attributes cannot take from a constant (they
/// take literals only). Each is built from the constant the validator itself uses, so the
/// document cannot drift from the server; `tests/api/contract_constraints.rs` sends values
/// just inside and just outside each one and checks the server agrees.
pub fn constraints() -> Vec<(Target, Value)> {
    use Target::{Parameter, Property};
    let text = |max| length(1, max);
    vec![
        (Property("NewQuery", "message"), text(MAX_QUERY_TEXT)),
        (Property("ResolveQuery", "note"), text(MAX_QUERY_TEXT)),
        (Property("OwnWordsInput", "text"), text(MAX_OWN_WORDS)),
        (
            Property("DentistNoteInput", "notes"),
            json!({"maxLength": MAX_DENTIST_NOTES}),
        ),
        (Property("NewShareLink", "recipient"), text(MAX_RECIPIENT)),
        (Property("NewShareLink", "sections"), json!({"minItems": 1})),
        (Property("ServiceInput", "name"), text(MAX_SERVICE_NAME)),
        (Property("ServiceInput", "offers"), text(MAX_SERVICE_OFFERS)),
        (Property("ServiceInput", "who_for"), text(MAX_SERVICE_TEXT)),
        (
            Property("ServiceInput", "area_note"),
            text(MAX_SERVICE_TEXT),
        ),
        (Property("ServiceInput", "address"), text(MAX_SERVICE_TEXT)),
        (
            Property("ServiceInput", "opening_times"),
            text(MAX_SERVICE_TEXT),
        ),
        (
            Property("ServiceInput", "min_age"),
            json!({"minimum": 0, "maximum": u8::MAX}),
        ),
        (
            Property("ServiceInput", "max_age"),
            json!({"minimum": 0, "maximum": MAX_SERVICE_AGE}),
        ),
        (
            Property("ServiceInput", "local_authority"),
            local_authorities(true),
        ),
        (
            Property("ServiceInput", "topics"),
            json!({"minItems": 1, "maxItems": Topic::iter().len(), "uniqueItems": true}),
        ),
        (
            Property("ArticleInput", "sources"),
            json!({"minItems": 1, "maxItems": MAX_SOURCES}),
        ),
        (
            Property("MePatch", "gp_ods_code"),
            pattern(OdsCode::PATTERN),
        ),
        (
            Property("MePatch", "dentist_ods_code"),
            pattern(OdsCode::PATTERN),
        ),
        (
            Property("NewCareLeaver", "nhs_number"),
            pattern(NhsNumber::PATTERN),
        ),
        (
            Property("CareLeaverPatch", "nhs_number"),
            pattern(NhsNumber::PATTERN),
        ),
        (
            Property("NewCareLeaver", "local_authority"),
            local_authorities(true),
        ),
        (Property("NewCareLeaver", "email"), email_address()),
        (Property("CareLeaverPatch", "email"), email_address()),
        (Property("MePatch", "email"), email_address()),
        (Property("NewStaffUser", "email"), email_address()),
        (Property("ServiceInput", "email"), email_address()),
        (Property("NewCareLeaver", "phone"), phone_number(true)),
        (Property("CareLeaverPatch", "phone"), phone_number(true)),
        (Property("MePatch", "phone"), phone_number(true)),
        (Property("ServiceInput", "phone"), phone_number(false)),
        (Property("ServiceInput", "sms"), phone_number(false)),
        (Property("Contact", "email"), in_passport(email_address())),
        (
            Property("Contact", "phone"),
            in_passport(phone_number(false)),
        ),
        (
            Property("HelpService", "email"),
            in_passport(email_address()),
        ),
        (
            Property("HelpService", "phone"),
            in_passport(phone_number(false)),
        ),
        (
            Property("HelpService", "sms"),
            in_passport(phone_number(false)),
        ),
        (
            Property("ContactDetails", "email"),
            or_blank(email_address()),
        ),
        (Property("ContactDetails", "phone"), or_blank(uk_phone())),
        (Property("DentistNoteInput", "phone"), or_blank(uk_phone())),
        (
            Property("NewStaffUser", "local_authority"),
            local_authorities(false),
        ),
        (
            Parameter("/v1/practices/{ods_code}", "get", "ods_code"),
            pattern(OdsCode::PATTERN),
        ),
        // A blank postcode counts as none given (then `lat` and `lon` are needed).
        (
            Parameter("/v1/practices/nearby", "get", "postcode"),
            or_blank(pattern(Postcode::PATTERN)),
        ),
    ]
    .into_iter()
    .chain(passport_text())
    .collect()
}

/// The JSON Schema object `target` names in `doc`, if it has one.
pub fn target_mut<'a>(doc: &'a mut Value, target: &Target) -> Option<&'a mut Value> {
    match *target {
        Target::Property(schema, property) => doc.pointer_mut(&format!(
            "/components/schemas/{schema}/properties/{property}"
        )),
        Target::Parameter(path, method, name) => doc
            .get_mut("paths")?
            .get_mut(path)?
            .get_mut(method)?
            .get_mut("parameters")?
            .as_array_mut()?
            .iter_mut()
            .find(|p| p["name"] == name)?
            .get_mut("schema"),
    }
}

/// utoipa writes a generic page's item schema out in full inside each `Page_<Item>` and
/// `CursorPage_<Item>`; point it at the `<Item>` component instead, so a generated client has
/// one named type per item and every component is used.
fn refer_to_page_items(doc: &mut Value) {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let pages: Vec<(String, String)> = schemas
        .keys()
        .filter_map(|name| {
            let item = name
                .strip_prefix("Page_")
                .or_else(|| name.strip_prefix("CursorPage_"))?;
            schemas
                .contains_key(item)
                .then(|| (name.clone(), item.to_owned()))
        })
        .collect();
    for (page, item) in pages {
        if let Some(items) = schemas
            .get_mut(&page)
            .and_then(|p| p.pointer_mut("/properties/items/items"))
        {
            *items = json!({ "$ref": format!("#/components/schemas/{item}") });
        }
    }
}

/// Writes [`constraints`] into the document. A target the document lacks is left out here
/// and caught by a test.
fn with_constraints(doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let Ok(mut value) = serde_json::to_value(&doc) else {
        return doc;
    };
    refer_to_page_items(&mut value);
    for (target, extra) in constraints() {
        if let (Some(Value::Object(schema)), Value::Object(extra)) =
            (target_mut(&mut value, &target), extra)
        {
            schema.extend(extra);
        }
    }
    serde_json::from_value(value).unwrap_or(doc)
}

pub fn document_json() -> String {
    document()
        .to_pretty_json()
        .expect("the OpenAPI document serialises to JSON")
        + "\n"
}
