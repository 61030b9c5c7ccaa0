//! The contract does not break apps built against the last released version unless its major
//! version changes. The released version is kept as `mobile-contract/baseline/openapi.json`
//! (a plain file, so this works on a fresh clone without git history); replace it with the
//! new `openapi.json` when a version is released (see `mobile-contract/CHANGELOG.md`).
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(format!(
        "{}/../mobile-contract/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("mobile-contract/{path}: {e}"));
    serde_json::from_str(&text).expect("valid JSON")
}

fn generated() -> Value {
    serde_json::from_str(&care_passport::openapi::document_json()).unwrap()
}

/// One field reachable from a request or response schema, named by its path (`.a.b[]`).
#[derive(Debug, Default, Clone)]
struct Field {
    required: bool,
    enumeration: Option<BTreeSet<String>>,
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

static NULL: Value = Value::Null;

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => doc.pointer(r.trim_start_matches('#')).unwrap_or(&NULL),
        None => schema,
    }
}

fn enum_of(schema: &Value) -> Option<BTreeSet<String>> {
    schema["enum"]
        .as_array()
        .map(|values| values.iter().map(Value::to_string).collect())
}

/// Every field under `schema`, by path. `required` is true when every object on the way
/// requires it.
fn walk(
    doc: &Value,
    schema: &Value,
    path: &str,
    required: bool,
    depth: usize,
    out: &mut BTreeMap<String, Field>,
) {
    if depth > 12 {
        return;
    }
    let schema = resolve(doc, schema);
    let field = out.entry(path.to_owned()).or_default();
    field.required |= required;
    if let Some(values) = enum_of(schema) {
        field
            .enumeration
            .get_or_insert_with(BTreeSet::new)
            .extend(values);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for branch in schema[key].as_array().into_iter().flatten() {
            walk(doc, branch, path, required, depth + 1, out);
        }
    }
    let needed: BTreeSet<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let child = format!("{path}.{name}");
        let is_required = required && needed.contains(name.as_str());
        walk(doc, property, &child, is_required, depth + 1, out);
    }
    if schema["items"].is_object() {
        walk(
            doc,
            &schema["items"],
            &format!("{path}[]"),
            false,
            depth + 1,
            out,
        );
    }
}

fn operations(doc: &Value) -> BTreeMap<String, &Value> {
    let mut ops = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                ops.insert(format!("{} {path}", method.to_uppercase()), op);
            }
        }
    }
    ops
}

fn json_schema(content: &Value) -> Option<&Value> {
    content
        .as_object()?
        .iter()
        .find(|(media, _)| media.contains("json"))
        .map(|(_, c)| &c["schema"])
}

fn request_fields(doc: &Value, op: &Value) -> BTreeMap<String, Field> {
    let mut out = BTreeMap::new();
    if let Some(schema) = json_schema(&op["requestBody"]["content"]) {
        walk(doc, schema, "body", true, 0, &mut out);
    }
    for param in op["parameters"].as_array().into_iter().flatten() {
        let param = resolve(doc, param);
        let path = format!("{}:{}", param["in"].as_str().unwrap_or("?"), param["name"]);
        let required = param["required"] == true;
        walk(doc, &param["schema"], &path, required, 0, &mut out);
    }
    out
}

fn response_fields(doc: &Value, op: &Value) -> BTreeMap<String, Field> {
    let mut out = BTreeMap::new();
    for (status, response) in op["responses"].as_object().into_iter().flatten() {
        if !status.starts_with('2') {
            continue;
        }
        if let Some(schema) = json_schema(&resolve(doc, response)["content"]) {
            walk(doc, schema, status, false, 0, &mut out);
        }
    }
    out
}

/// What `current` breaks for a client built against `released`.
fn breaking_changes(released: &Value, current: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let now = operations(current);
    for (name, old_op) in operations(released) {
        let Some(new_op) = now.get(&name) else {
            found.push(format!("{name}: operation removed"));
            continue;
        };
        let (old_out, new_out) = (
            response_fields(released, old_op),
            response_fields(current, new_op),
        );
        for path in old_out.keys() {
            if !new_out.contains_key(path) {
                found.push(format!("{name}: response field {path} removed"));
            }
        }
        let (old_in, new_in) = (
            request_fields(released, old_op),
            request_fields(current, new_op),
        );
        for (path, field) in &new_in {
            let was_required = old_in.get(path).is_some_and(|f| f.required);
            if field.required && !was_required {
                found.push(format!("{name}: request field {path} is newly required"));
            }
        }
        for (path, old) in &old_in {
            let (Some(old_values), Some(new_values)) = (
                &old.enumeration,
                new_in.get(path).and_then(|f| f.enumeration.as_ref()),
            ) else {
                continue;
            };
            let dropped: Vec<_> = old_values.difference(new_values).collect();
            if !dropped.is_empty() {
                found.push(format!("{name}: {path} no longer accepts {dropped:?}"));
            }
        }
    }
    found
}

fn major(doc: &Value) -> u64 {
    doc["info"]["version"]
        .as_str()
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.parse().ok())
        .expect("info.version is semantic (major.minor.patch)")
}

#[test]
fn the_contract_breaks_no_app_unless_its_major_version_changes() {
    let released = read("baseline/openapi.json");
    let current = generated();
    assert!(
        major(&current) >= major(&released),
        "info.version went backwards"
    );
    let breaking = breaking_changes(&released, &current);
    assert!(
        breaking.is_empty() || major(&current) > major(&released),
        "these changes break apps built against version {} of the contract; keep the old shape \
         or raise the major version (and say so in mobile-contract/CHANGELOG.md):\n  {}",
        released["info"]["version"],
        breaking.join("\n  ")
    );
}

#[test]
fn the_changelog_has_an_entry_for_the_current_version() {
    let changelog = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../mobile-contract/CHANGELOG.md"
    ))
    .expect("mobile-contract/CHANGELOG.md exists");
    let version = generated()["info"]["version"].as_str().unwrap().to_owned();
    assert!(
        changelog.contains(&format!("## {version}")),
        "mobile-contract/CHANGELOG.md has no `## {version}` section"
    );
}

/// The check itself finds each kind of breaking change (on copies of the real contract).
#[test]
fn the_breaking_change_check_finds_each_kind_of_break() {
    let released = generated();
    assert_eq!(breaking_changes(&released, &released), Vec::<String>::new());

    let mut removed_path = released.clone();
    removed_path["paths"]
        .as_object_mut()
        .unwrap()
        .remove("/v1/me/passport/queries");
    let found = breaking_changes(&released, &removed_path);
    assert!(
        found
            .iter()
            .any(|f| f.contains("GET /v1/me/passport/queries: operation removed")),
        "{found:?}"
    );

    let mut removed_field = released.clone();
    removed_field["components"]["schemas"]["Me"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("preferred_name");
    let found = breaking_changes(&released, &removed_field);
    assert!(
        found
            .iter()
            .any(|f| f.contains("GET /v1/me: response field 200.preferred_name removed")),
        "{found:?}"
    );

    let mut new_required = released.clone();
    new_required["components"]["schemas"]["NewQuery"]["properties"]["mood"] =
        json!({"type": "string"});
    new_required["components"]["schemas"]["NewQuery"]["required"]
        .as_array_mut()
        .unwrap()
        .push(json!("mood"));
    let found = breaking_changes(&released, &new_required);
    assert!(
        found
            .iter()
            .any(|f| f.contains("request field body.mood is newly required")),
        "{found:?}"
    );

    let mut narrowed = released.clone();
    narrowed["components"]["schemas"]["SectionId"]["enum"]
        .as_array_mut()
        .unwrap()
        .retain(|v| v != "my_own_words");
    let found = breaking_changes(&released, &narrowed);
    assert!(
        found
            .iter()
            .any(|f| f.contains("body.section no longer accepts") && f.contains("my_own_words")),
        "{found:?}"
    );

    // Additions break nothing: a new operation, a new optional field, a wider enum.
    let mut added = released.clone();
    added["paths"]["/v1/new-thing"] = released["paths"]["/v1/me"].clone();
    added["components"]["schemas"]["NewQuery"]["properties"]["mood"] = json!({"type": "string"});
    added["components"]["schemas"]["SectionId"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("new_section"));
    assert_eq!(breaking_changes(&released, &added), Vec::<String>::new());
}
