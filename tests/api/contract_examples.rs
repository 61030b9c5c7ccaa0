//! The contract's examples and constraints are true to the server: every request body has a
//! complete example that the real router accepts, and values just inside and just outside
//! each constraint the document states are answered the way the document says.
use std::collections::BTreeSet;

use chrono::NaiveDate;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use care_passport::auth::Role;
use care_passport::demo::passport_content::demo_passports;
use care_passport::openapi::{Target, constraints, target_mut};
use care_passport::passport::{model::PassportContent, validate::validate};
use integration_tests::TestApp;

fn document() -> Value {
    serde_json::from_str(&care_passport::openapi::document_json()).unwrap()
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => doc.pointer(r.trim_start_matches('#')).unwrap(),
        None => schema,
    }
}

/// Each operation with a JSON request body: method, path, media type, schema and example.
fn bodies(doc: &Value) -> Vec<(Method, String, String, Value, Option<Value>)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(content) = op["requestBody"]["content"].as_object() else {
                continue;
            };
            for (media, body) in content {
                let schema = resolve(doc, &body["schema"]).clone();
                let example = body
                    .get("example")
                    .or_else(|| schema.get("example"))
                    .cloned();
                out.push((
                    method.to_uppercase().parse().unwrap(),
                    path.clone(),
                    media.clone(),
                    schema,
                    example,
                ));
            }
        }
    }
    out
}

#[test]
fn every_request_body_has_an_example_with_every_required_field() {
    let doc = document();
    let all = bodies(&doc);
    assert!(all.len() >= 28, "{} request bodies", all.len());
    for (method, path, _, schema, example) in all {
        let example = example.unwrap_or_else(|| panic!("{method} {path} has no example"));
        for field in schema["required"].as_array().into_iter().flatten() {
            let field = field.as_str().unwrap();
            assert!(
                example.get(field).is_some(),
                "{method} {path}: the example lacks required field {field}"
            );
        }
    }
}

/// Fills a path's parameters; ids that name nothing still reach the handler.
fn concrete(path: &str) -> String {
    // Notes are kept on dentists only.
    let practice = if path.ends_with("/dentist-note") {
        "V03347"
    } else {
        "M87017"
    };
    path.split('/')
        .map(|seg| match seg {
            "{ods_code}" => practice.to_owned(),
            "{n}" => "1".to_owned(),
            "{token}" => "not-a-real-token".to_owned(),
            s if s.starts_with('{') => uuid::Uuid::nil().to_string(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether the body itself was refused: malformed, too large, not the right media type, or a
/// field the server would not take. A one-use `token` from an e-mail is the exception: no
/// static example can hold a live one, so "this link is invalid" alone is not a refusal of the
/// example's shape.
fn refused(status: StatusCode, body: &str) -> bool {
    match status.as_u16() {
        400 | 413 | 415 => true,
        422 => {
            let problem: Value = serde_json::from_str(body).unwrap_or_default();
            let fields: Vec<&str> = problem["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| e["field"].as_str())
                .collect();
            fields.is_empty() || fields.iter().any(|f| *f != "token")
        }
        _ => false,
    }
}

#[tokio::test]
async fn every_request_body_example_is_accepted_by_the_server() {
    let app = TestApp::spawn().await;
    // The GP and dentist in the examples must be in the NHS lists, as on a real server.
    care_passport::demo::finder::load_demo(&app.state)
        .await
        .expect("shipped practice lists load");
    let mut callers = vec![None];
    for person in [
        app.care_leaver("dudley", 19, 0).await,
        app.staff(Role::Nurse, "dudley").await,
        app.staff(Role::Admin, "dudley").await,
        app.staff(Role::Caseworker, "dudley").await,
        app.staff(Role::Hr, "dudley").await,
    ] {
        callers.push(Some(app.token(&person).await));
    }
    let doc = document();
    let mut failures = Vec::new();
    for (method, path, media, _, example) in bodies(&doc) {
        let example = example.expect("an example (checked above)");
        let url = app.url(&concrete(&path));
        let mut answers = Vec::new();
        for token in &callers {
            let mut req = app
                .client
                .request(method.clone(), &url)
                .header("content-type", &media)
                // Updates of shared documents need a precondition; any tag reaches the body.
                .header("if-match", "\"0\"")
                .body(example.to_string());
            if let Some(token) = token {
                req = req.bearer_auth(token);
            }
            let res = req.send().await.unwrap();
            let status = res.status();
            let body = res.text().await.unwrap_or_default();
            answers.push((status, body));
        }
        if answers.iter().all(|(status, body)| refused(*status, body)) {
            failures.push(format!("{method} {path}: {answers:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "examples every caller's request was refused for:\n{}",
        failures.join("\n")
    );
}

/// A string `len` characters long.
fn text(len: usize) -> Value {
    json!("a".repeat(len))
}

/// Values just inside (`true`) and just outside (`false`) the constraints in `schema`, with
/// `example` (the field's value in the example body) for arrays.
fn boundary_values(
    doc: &Value,
    schema: &Value,
    example: &Value,
    path_segment: bool,
) -> Vec<(Value, bool)> {
    let mut cases = Vec::new();
    if let Some(max) = schema["maxLength"].as_u64() {
        cases.push((text(max as usize), true));
        cases.push((text(max as usize + 1), false));
    }
    if let Some(min) = schema["minLength"].as_u64().filter(|m| *m > 0) {
        cases.push((text(min as usize), true));
        cases.push((text(min as usize - 1), false));
    }
    if let Some(max) = schema["maximum"].as_u64() {
        cases.push((json!(max), true));
        cases.push((json!(max + 1), false));
    }
    if let Some(min) = schema["minimum"].as_i64() {
        cases.push((json!(min - 1), false));
    }
    if let Some(values) = schema["enum"].as_array() {
        for v in values.iter().filter(|v| !v.is_null()) {
            cases.push((v.clone(), true));
        }
        cases.push((json!("birmingham"), false));
    }
    if let Some(max) = schema["maxItems"].as_u64() {
        let max = max as usize;
        let items = resolve(doc, &schema["items"]);
        match items["enum"].as_array() {
            // Unique items from an enum: every value once is the longest list.
            Some(all) if schema["uniqueItems"] == true => {
                cases.push((json!(all), true));
                cases.push((json!([all[0], all[0]]), false));
            }
            _ => {
                // Distinct items made from the example's first (links differ by a query).
                let item = |i: usize| {
                    let mut item = example[0].clone();
                    if let Some(url) = item["url"].as_str() {
                        item["url"] = json!(format!("{url}?n={i}"));
                    }
                    item
                };
                cases.push((json!((0..max).map(item).collect::<Vec<_>>()), true));
                cases.push((json!((0..=max).map(item).collect::<Vec<_>>()), false));
            }
        }
    }
    if let Some(min) = schema["minItems"].as_u64().filter(|m| *m > 0) {
        cases.push((json!(vec![example[0].clone(); min as usize - 1]), false));
    }
    let pattern = schema["pattern"]
        .as_str()
        .map(|p| regex::Regex::new(p).expect("the pattern is a valid regex"));
    if let Some(re) = &pattern {
        for sample in pattern_samples() {
            // A path segment cannot be empty (that is another address).
            if !(path_segment && sample.trim().is_empty()) {
                cases.push((json!(sample), re.is_match(&sample)));
            }
        }
    }
    // A value is valid only if it meets every constraint of the field, not just the one it
    // was made for (a string of `maxLength` letters is not an e-mail address).
    let meets = |text: &str| {
        let length = text.chars().count() as u64;
        pattern.as_ref().is_none_or(|re| re.is_match(text))
            && schema["maxLength"].as_u64().is_none_or(|max| length <= max)
            && schema["minLength"].as_u64().is_none_or(|min| length >= min)
    };
    for (value, valid) in &mut cases {
        if let Some(text) = value.as_str() {
            *valid &= meets(text);
        }
    }
    cases
}

/// Values to try against every `pattern`: ODS codes, NHS numbers, postcodes, e-mail addresses,
/// phone numbers and web addresses, each kind well and badly formed.
fn pattern_samples() -> Vec<String> {
    // The longest address SMTP delivers (254 characters; labels of 63 at most). One more is
    // refused by the server alone (`EmailAddress`'s own tests): the contract's pattern cannot
    // count characters.
    let longest_email = format!(
        "{}@{}.{}.{}.org",
        "a".repeat(64),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(57)
    );
    // A passport's web address of 200 characters, the most it may have, and one of 201.
    let longest_web = format!("https://{}.uk", "w".repeat(189));
    let too_long_web = format!("https://{}.uk", "w".repeat(190));
    [
        "M87017",
        " m87017 ",
        "V03293",
        "AB",
        "M87017X12345",
        "M87-17",
        "943 476 5919",
        "9434765919",
        "943-476-5919",
        "94347659",
        "DY1 1HF",
        "dy11hf",
        " DY1  1HF ",
        "DY1",
        "1HF DY1",
        "WV98 2AA",
        "GIR 0AA",
        "",
        // E-mail addresses (the cases of `EmailAddress::parse`'s own tests, and more).
        "jo.bloggs@example.com",
        " Jo+Jobs@Mail.Example.CO.UK ",
        "x@dudley.gov.uk",
        "o'neill@example.org",
        "nope",
        "@example.com",
        "jo@",
        "jo@localhost",
        "jo bloggs@example.com",
        "jo@@example.com",
        "jo@-example.com",
        "jo@example-.com",
        "jo@example..com",
        ".jo@example.com",
        "jo.@example.com",
        "jo..b@example.com",
        "jo<script>@example.com",
        "\"jo bloggs\"@example.com",
        "jo@[192.0.2.1]",
        "jo@exa_mple.com",
        "jö@example.com",
        // The Kelvin sign, whose lower case is an ASCII `k`.
        "\u{212A}@example.org",
        longest_email.as_str(),
        // Phone numbers.
        "07700 900123",
        "+44 (0)1384 456111",
        "0121-496-0101",
        "111",
        "116 123",
        "11",
        "+1 202 555 0143",
        "1234567890123456",
        "0121 496 O101",
        "call me",
        "++44 1384 456111",
        "01384 456111 ext 2",
        "0 1 3 8 4 4 5 6 1 1 1 0 1 2 3",
        // Spaces around do not count towards the 30 characters.
        "          07700 900123                    ",
        "0044 1384 456111",
        "+44 7700 900123",
        "+44 01384 456111",
        "+44 00 1384 456111",
        "(01384) 456.111",
        "0138 445 611",
        "01384 4561112",
        "00 1384 456111",
        "+33 1 23 45 67 89",
        // Web addresses (a passport's help services).
        "https://www.nhs.uk",
        "http://example.org/a?b=c",
        "https://www.dudley.gov.uk/residents/care-and-health/",
        "https://nhs",
        "https://nhs .uk",
        "https://nhs.uk\u{a0}",
        "https://nhs.uk\u{85}",
        "https://nhs.uk\u{feff}",
        " https://nhs.uk",
        "HTTPS://NHS.UK",
        "ftp://example.org",
        "www.nhs.uk",
        longest_web.as_str(),
        too_long_web.as_str(),
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

/// Each domain type's `pattern` in the contract agrees with its parser on every sample: it
/// matches exactly what parses, or, where a rule cannot be written as a pattern (an NHS
/// number's check digit, the letters a postcode may not use, the 64 characters before an
/// e-mail address's `@`), at least everything that parses.
#[test]
fn each_pattern_accepts_what_its_parser_accepts() {
    use care_passport::domain_types::{
        EmailAddress, NhsNumber, OdsCode, PhoneNumber, Postcode, UkPhone,
    };
    type Parses = fn(&str) -> bool;
    let exact = true;
    let kinds: [(&str, &str, Parses, bool); 7] = [
        (
            "PhoneNumber",
            PhoneNumber::PATTERN,
            |s| PhoneNumber::parse(s).is_ok(),
            exact,
        ),
        (
            "PhoneNumber (whole)",
            PhoneNumber::FULL_PATTERN,
            |s| PhoneNumber::parse(s).is_ok_and(|p| p.is_full_number()),
            exact,
        ),
        // Its callers trim first.
        (
            "UkPhone",
            UkPhone::PATTERN,
            |s| UkPhone::parse(s.trim()).is_ok(),
            exact,
        ),
        (
            "OdsCode",
            OdsCode::PATTERN,
            |s| OdsCode::parse(s).is_ok(),
            exact,
        ),
        (
            "EmailAddress",
            EmailAddress::PATTERN,
            |s| EmailAddress::parse(s).is_ok(),
            !exact,
        ),
        (
            "NhsNumber",
            NhsNumber::PATTERN,
            |s| NhsNumber::parse(s).is_ok(),
            !exact,
        ),
        (
            "Postcode",
            Postcode::PATTERN,
            |s| Postcode::parse(s).is_ok(),
            !exact,
        ),
    ];
    let mut disagreements = Vec::new();
    for (kind, pattern, parses, exact) in kinds {
        let re = regex::Regex::new(pattern).expect("the pattern is a valid regex");
        let mut parsing = 0;
        for sample in pattern_samples() {
            let (matches, parsed) = (re.is_match(&sample), parses(&sample));
            parsing += usize::from(parsed);
            if parsed && !matches || exact && matches && !parsed {
                disagreements.push(format!(
                    "{kind}: {sample:?} matches the pattern: {matches}, parses: {parsed}"
                ));
            }
        }
        assert!(parsing >= 2, "{kind}: only {parsing} samples parse");
    }
    assert!(
        disagreements.is_empty(),
        "patterns and parsers disagree:\n{}",
        disagreements.join("\n")
    );
}

/// The component schemas a passport is made of: `PassportContent` and every schema it refers
/// to, however deep.
fn passport_schemas() -> BTreeSet<String> {
    fn refs(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                    found.push(r.rsplit('/').next().unwrap_or_default().to_owned());
                }
                map.values().for_each(|v| refs(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let doc = document();
    let mut schemas = BTreeSet::new();
    let mut waiting = vec!["PassportContent".to_owned()];
    while let Some(name) = waiting.pop() {
        if schemas.insert(name.clone()) {
            refs(&doc["components"]["schemas"][&name], &mut waiting);
        }
    }
    schemas
}

/// The schemas `schema` stands for: a `$ref`, or each `$ref` of a `oneOf`, `anyOf` or
/// `allOf` (how utoipa writes an optional object).
fn named(schema: &Value) -> Vec<&str> {
    let mut names: Vec<&str> = schema["$ref"].as_str().into_iter().collect();
    for key in ["oneOf", "anyOf", "allOf"] {
        for option in schema[key].as_array().into_iter().flatten() {
            names.extend(option["$ref"].as_str());
        }
    }
    names
        .into_iter()
        .filter_map(|r| r.rsplit('/').next())
        .collect()
}

/// One object of a passport: its component schema, the path the checker names it by
/// (`conditions[0]`, `about_me.named_nurse`) and its JSON pointer.
struct Place {
    schema: String,
    path: String,
    pointer: String,
}

/// Every object in `value` (a passport's content, or part of it at `path`) with the
/// component schema it has.
fn places(doc: &Value, schema: &Value, value: &Value, path: &str, pointer: &str) -> Vec<Place> {
    let mut found = Vec::new();
    match value {
        Value::Object(fields) => {
            for name in named(schema) {
                let component = &doc["components"]["schemas"][name];
                found.push(Place {
                    schema: name.to_owned(),
                    path: path.to_owned(),
                    pointer: pointer.to_owned(),
                });
                for (field, inner) in fields {
                    let field_schema = &component["properties"][field];
                    let inner_path = match path {
                        "" => field.clone(),
                        _ => format!("{path}.{field}"),
                    };
                    let inner_pointer = format!("{pointer}/{field}");
                    found.extend(places(
                        doc,
                        field_schema,
                        inner,
                        &inner_path,
                        &inner_pointer,
                    ));
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let path = format!("{path}[{i}]");
                let pointer = format!("{pointer}/{i}");
                found.extend(places(doc, &schema["items"], item, &path, &pointer));
            }
        }
        _ => {}
    }
    found
}

/// Fields whose schema-valid values the checker may still refuse: an NHS number's check
/// digit, and e-mail rules beyond the pattern (`each_pattern_accepts_what_its_parser_accepts`).
const CHECKED_FURTHER: [(&str, &str); 3] = [
    ("AboutMe", "nhs_number"),
    ("Contact", "email"),
    ("HelpService", "email"),
];

#[test]
fn the_passport_checker_agrees_with_each_limit_the_contract_states_for_its_fields() {
    let doc = document();
    let passport = passport_schemas();
    // Every text field of the passport is bounded (`recorded_by` is the server's to write).
    let mut unbounded = Vec::new();
    for name in &passport {
        let fields = doc["components"]["schemas"][name]["properties"].as_object();
        for (field, schema) in fields.into_iter().flatten() {
            let text = schema["type"] == "string"
                || schema["type"]
                    .as_array()
                    .is_some_and(|t| t.contains(&json!("string")));
            let free = schema.get("format").is_none() && schema.get("enum").is_none();
            let bounded = schema.get("maxLength").is_some() || schema.get("pattern").is_some();
            if text && free && !bounded && field != "recorded_by" {
                unbounded.push(format!("{name}.{field}"));
            }
        }
    }
    assert!(
        unbounded.is_empty(),
        "no limit in the contract: {unbounded:?}"
    );

    let (born, today) = (
        NaiveDate::from_ymd_opt(2007, 3, 14).unwrap(),
        care_passport::age::today(),
    );
    let passports: Vec<Value> = demo_passports(born, today)
        .iter()
        .map(|p| serde_json::to_value(p).unwrap())
        .collect();
    let root = json!({ "$ref": "#/components/schemas/PassportContent" });
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for (target, _) in constraints() {
        let Target::Property(schema_name, field) = target else {
            continue;
        };
        if !passport.contains(schema_name) {
            continue;
        }
        // The first object of this schema in a demo passport (they fill in every section).
        let (content, place) = passports
            .iter()
            .find_map(|content| {
                places(&doc, &root, content, "", "")
                    .into_iter()
                    .find(|p| p.schema == schema_name)
                    .map(|place| (content, place))
            })
            .unwrap_or_else(|| panic!("no demo passport has a {schema_name}"));
        let mut scratch = doc.clone();
        let schema = target_mut(&mut scratch, &target).unwrap().clone();
        let at = format!("{}.{field}", place.path);
        for (value, valid) in boundary_values(&doc, &schema, &Value::Null, false) {
            checked += 1;
            let mut sent = content.clone();
            sent.pointer_mut(&place.pointer).unwrap()[field] = value.clone();
            let refused = match serde_json::from_value::<PassportContent>(sent) {
                Err(_) => true,
                Ok(content) => validate(&content, born, today)
                    .err()
                    .unwrap_or_default()
                    .iter()
                    .any(|e| e.field == at),
            };
            if !verdicts_agree(
                valid,
                refused,
                CHECKED_FURTHER.contains(&(schema_name, field)),
            ) {
                disagreements.push(format!(
                    "{at} = {}: the document says {}, the checker {}",
                    truncate(&value.to_string()),
                    if valid { "valid" } else { "invalid" },
                    if refused { "refuses it" } else { "takes it" },
                ));
            }
        }
    }
    assert!(checked > 100, "only {checked} values tried");
    assert!(
        disagreements.is_empty(),
        "the contract and the passport's checker disagree:\n{}",
        disagreements.join("\n")
    );
}

/// Where to send a value for one constraint: an operation whose example body (or query) is
/// valid apart from the value, and whether a schema-valid value may still be refused for
/// reasons JSON Schema cannot state (an NHS number's check digit, a practice that is not in
/// the NHS list, a local authority that is not the caller's own).
struct Probe {
    method: Method,
    path: &'static str,
    field: &'static str,
    in_query: bool,
    content_checked_later: bool,
}

/// Constraints the server checks only once a record exists (a published passport, an open
/// query), so a request from a fresh server never reaches them. The same constants are probed
/// through `NewQuery.message`.
const NEED_A_RECORD: [(&str, &str); 2] = [("ResolveQuery", "note"), ("NewShareLink", "recipient")];

fn probe_for(target: &Target) -> Option<Probe> {
    let body = |method, path, field| Probe {
        method,
        path,
        field,
        in_query: false,
        content_checked_later: false,
    };
    Some(match *target {
        Target::Property(schema, field) if NEED_A_RECORD.contains(&(schema, field)) => return None,
        Target::Property("NewShareLink", "sections") => return None,
        // Fields of objects inside a larger body: a Chances4YOUth form's contact details (their
        // patterns are held to the parsers by `each_pattern_accepts_what_its_parser_accepts`).
        // The passport's are held to its checker, without HTTP, by
        // `the_passport_checker_agrees_with_each_limit_the_contract_states_for_its_fields`.
        Target::Property("ContactDetails", _) => return None,
        Target::Property("NewQuery", f) => body(Method::POST, "/v1/me/passport/queries", f),
        Target::Property("OwnWordsInput", f) => body(Method::PUT, "/v1/me/passport/own-words", f),
        Target::Property("DentistNoteInput", f) => {
            body(Method::PUT, "/v1/practices/{ods_code}/dentist-note", f)
        }
        // Staff add services of their own local authority only: the others are valid values
        // that this caller may not use.
        Target::Property("ServiceInput", f) => Probe {
            content_checked_later: f == "local_authority",
            ..body(Method::POST, "/v1/content/services", f)
        },
        Target::Property("ArticleInput", f) => body(Method::POST, "/v1/content/articles", f),
        Target::Property("MePatch", f) => Probe {
            content_checked_later: true,
            ..body(Method::PATCH, "/v1/me", f)
        },
        Target::Property("NewCareLeaver", f) => Probe {
            content_checked_later: true,
            ..body(Method::POST, "/v1/care-leavers", f)
        },
        Target::Property("NewStaffUser", f) => Probe {
            content_checked_later: true,
            ..body(Method::POST, "/v1/users", f)
        },
        Target::Property("CareLeaverPatch", _) => return None,
        Target::Parameter("/v1/practices/{ods_code}", _, f) => Probe {
            content_checked_later: true,
            ..body(Method::GET, "/v1/practices/{ods_code}", f)
        },
        Target::Parameter("/v1/practices/nearby", _, f) => Probe {
            in_query: true,
            content_checked_later: true,
            ..body(Method::GET, "/v1/practices/nearby", f)
        },
        other => panic!("no probe for {other:?}: add one here"),
    })
}

#[test]
fn every_constraint_reaches_the_document() {
    let mut doc = document();
    for (target, extra) in constraints() {
        let schema = target_mut(&mut doc, &target)
            .unwrap_or_else(|| panic!("{target:?} is not in the document"));
        for (key, value) in extra.as_object().unwrap() {
            assert_eq!(&schema[key], value, "{target:?} {key}");
        }
    }
}

#[tokio::test]
async fn values_just_inside_and_just_outside_each_constraint_get_the_documented_answer() {
    let app = TestApp::spawn().await;
    care_passport::demo::finder::load_demo(&app.state)
        .await
        .expect("shipped practice lists load");
    let mut tokens = Vec::new();
    for person in [
        app.care_leaver("dudley", 19, 0).await,
        app.staff(Role::Nurse, "dudley").await,
        app.staff(Role::Admin, "dudley").await,
    ] {
        tokens.push(app.token(&person).await);
    }
    let doc = document();
    let examples = bodies(&doc);
    let mut disagreements = Vec::new();
    let mut checked = 0;
    let mut probed = Vec::new();
    let passport = passport_schemas();
    for (target, _) in constraints() {
        if matches!(target, Target::Property(schema, _) if passport.contains(schema)) {
            continue;
        }
        let Some(probe) = probe_for(&target) else {
            continue;
        };
        let mut scratch = doc.clone();
        let schema = target_mut(&mut scratch, &target).unwrap().clone();
        let example = examples
            .iter()
            .find(|(m, p, _, _, _)| *m == probe.method && p == probe.path)
            .and_then(|(_, _, _, _, e)| e.clone());
        // The body's example value, or for a parameter its documented example.
        let field_example = match &example {
            Some(e) => e[probe.field].clone(),
            None => doc["paths"][probe.path]["get"]["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|p| p["name"] == probe.field)
                .map(|p| p["example"].clone())
                .unwrap_or_default(),
        };
        // The caller: the first whose request with the example's own value is let through.
        let mut caller = None;
        for token in &tokens {
            let answer = send(&app, &probe, example.as_ref(), &field_example, token).await;
            if !matches!(answer.0.as_u16(), 400 | 401 | 403 | 415 | 422) {
                caller = Some(token);
                break;
            }
        }
        let caller = caller.unwrap_or_else(|| panic!("{target:?}: no caller may send the example"));
        probed.push(format!("{target:?}"));
        let path_segment = probe.path.contains(&format!("{{{}}}", probe.field));
        for (value, valid) in boundary_values(&doc, &schema, &field_example, path_segment) {
            checked += 1;
            let answer = send(&app, &probe, example.as_ref(), &value, caller).await;
            let refused = refuses(&answer, probe.field);
            if !verdicts_agree(valid, refused, probe.content_checked_later) {
                disagreements.push(format!(
                    "{target:?} = {}: the document says {}, the server answered {} {}",
                    truncate(&value.to_string()),
                    if valid { "valid" } else { "invalid" },
                    answer.0,
                    truncate(&answer.1.to_string())
                ));
            }
        }
    }
    assert!(
        checked > 60,
        "only {checked} boundary values checked ({probed:?})"
    );
    assert!(
        disagreements.is_empty(),
        "the document and the server disagree:\n{}",
        disagreements.join("\n")
    );
}

fn truncate(s: &str) -> String {
    if s.len() > 200 {
        format!("{}…", &s[..200])
    } else {
        s.to_owned()
    }
}

/// Sends the probe with `value` in its field (in the example body, the query or the path).
async fn send(
    app: &TestApp,
    probe: &Probe,
    example: Option<&Value>,
    value: &Value,
    token: &str,
) -> (StatusCode, Value) {
    let text = value.as_str().unwrap_or_default();
    if probe.method == Method::GET {
        let url = if probe.in_query {
            let mut url = reqwest::Url::parse(&app.url(probe.path)).unwrap();
            url.query_pairs_mut()
                .append_pair("kind", "gp")
                .append_pair(probe.field, text);
            url.to_string()
        } else {
            app.url(
                &probe
                    .path
                    .replace(&format!("{{{}}}", probe.field), &urlencode(text)),
            )
        };
        let res = app.client.get(url).bearer_auth(token).send().await.unwrap();
        let status = res.status();
        return (status, res.json().await.unwrap_or(Value::Null));
    }
    let mut body = example.cloned().expect("an example body");
    body[probe.field] = value.clone();
    let (status, _, body) = app
        .call(
            probe.method.clone(),
            &concrete(probe.path),
            Some(token),
            Some(body),
            &[("if-match", "\"0\"")],
        )
        .await;
    (status, body)
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Whether the answer refuses the value in `field`: a 422 naming it (or one of its items).
fn refuses(answer: &(StatusCode, Value), field: &str) -> bool {
    answer.0 == StatusCode::UNPROCESSABLE_ENTITY
        && answer.1["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["field"].as_str())
            .any(|f| {
                f == field
                    || f.starts_with(&format!("{field}["))
                    || f.starts_with(&format!("{field}."))
            })
}

/// The document's verdict on a value and the answer agree: a value it calls valid is taken
/// (unless the field's content is checked further than its schema can say), one it calls
/// invalid is refused.
fn verdicts_agree(valid: bool, refused: bool, checked_further: bool) -> bool {
    if valid {
        !refused || checked_further
    } else {
        refused
    }
}
