//! The mobile contract stays true to the server.
use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use integration_tests::TestApp;

const REGENERATE: &str = "cargo run -q -p care-passport -- openapi > mobile-contract/openapi.json";

fn committed() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../mobile-contract/openapi.json"
    ))
    .expect("mobile-contract/openapi.json exists");
    serde_json::from_str(&text).expect("valid JSON")
}

#[test]
fn the_committed_openapi_document_is_what_the_code_generates() {
    let generated: Value = serde_json::from_str(&care_passport::openapi::document_json()).unwrap();
    assert!(
        committed() == generated,
        "mobile-contract/openapi.json is out of date; regenerate it with:\n  {REGENERATE}"
    );
}

fn operations(doc: &Value) -> Vec<(String, Method, Value)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Ok(m) = method.to_uppercase().parse::<Method>() {
                ops.push((path.clone(), m, op.clone()));
            }
        }
    }
    ops
}

/// Every list answers with the one paging envelope (`items`, `limit`, and `total` with `offset`
/// or `next_cursor`) and takes the matching query parameters, so an app pages every list the
/// same way. Two answers hold lists but are not one: the due list (two lists, one per reason)
/// and the practice finder (the nearest `limit` practices and where the search started).
#[test]
fn every_list_answers_with_the_paging_envelope_and_takes_its_parameters() {
    let doc = committed();
    let not_one_list = ["list_passports_due", "find_nearby_practices"];
    let mut lists = 0;
    for (path, method, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap_or_default();
        let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
        let schema = match schema["$ref"].as_str() {
            Some(r) => doc
                .pointer(&r.replace("#/", "/"))
                .expect("the $ref resolves"),
            None => schema,
        };
        let props = &schema["properties"];
        let is_list = method == Method::GET
            && (id.starts_with("list_") || props.get("items").is_some())
            && !not_one_list.contains(&id);
        if !is_list {
            continue;
        }
        lists += 1;
        let name = format!("GET {path} ({id})");
        assert_eq!(props["items"]["type"], "array", "{name}: no `items` array");
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        let params: BTreeSet<&str> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        // `next_cursor` is always sent (null on the last page) but documented as optional.
        let paged_by = if props.get("next_cursor").is_some() {
            ["items", "limit"].as_slice()
        } else {
            ["items", "limit", "total", "offset"].as_slice()
        };
        for field in paged_by {
            assert!(
                required.contains(field),
                "{name}: `{field}` is not required"
            );
        }
        let wanted = if props.get("next_cursor").is_some() {
            ["limit", "cursor"]
        } else {
            ["limit", "offset"]
        };
        for param in wanted {
            assert!(params.contains(param), "{name}: takes no `{param}`");
        }
        let limit = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "limit")
            .unwrap();
        assert_eq!(
            (&limit["schema"]["minimum"], &limit["schema"]["maximum"]),
            (&Value::from(1), &Value::from(200)),
            "{name}: `limit` does not say 1–200"
        );
    }
    assert!(
        lists >= 20,
        "only {lists} lists found; did the check stop seeing them?"
    );
}

#[test]
fn every_operation_has_a_summary_a_tag_error_responses_and_security_where_needed() {
    let doc = committed();
    assert_eq!(doc["openapi"].as_str().map(|v| &v[..3]), Some("3.1"));
    let mut ids = BTreeSet::new();
    for (path, method, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap_or_default().to_owned();
        assert!(
            ids.insert(id.clone()),
            "{method} {path}: operationId {id} is used twice (generated clients need unique names)"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(
        doc["servers"].as_array().is_some_and(|s| !s.is_empty()),
        "no servers"
    );
    assert!(doc["info"]["contact"].is_object(), "no info.contact");
    for (path, method, op) in operations(&doc) {
        let name = format!("{method} {path}");
        assert!(
            op["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{name} has no summary"
        );
        assert!(
            op["tags"].as_array().is_some_and(|t| !t.is_empty()),
            "{name} has no tag"
        );
        assert!(
            op["description"].as_str().is_some_and(|s| !s.is_empty()),
            "{name} has no description (the doc comment's second paragraph)"
        );
        assert!(
            op["security"].is_array(),
            "{name} does not say who may call it (`security: []` for public operations)"
        );
        let id = op["operationId"].as_str().unwrap_or_default();
        // Bare verbs make SDK functions such as `export_()` and modules such as `list_.py`.
        let bare = [
            "list",
            "options",
            "report",
            "submit",
            "withdraw",
            "publish",
            "export",
            "start",
            "confirm",
            "remove",
            "refresh",
            "nearby",
            "acknowledge",
            "decide",
            "get",
            "update",
        ];
        assert!(
            !bare.contains(&id),
            "{name}: operationId `{id}` is a bare verb; say what it acts on"
        );
        for param in op["parameters"].as_array().into_iter().flatten() {
            let pname = param["name"].as_str().unwrap();
            let in_path = path.contains(&format!("{{{pname}}}"));
            assert_eq!(
                param["in"] == "path",
                in_path,
                "{name}: parameter {pname} is in the wrong place"
            );
        }
        let responses = op["responses"].as_object().unwrap();
        assert!(
            responses
                .keys()
                .any(|k| k.starts_with('2') || k.starts_with('3')),
            "{name} has no success response"
        );
        let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
        if secured {
            assert!(
                responses.contains_key("401"),
                "{name} is secured but does not document 401"
            );
        }
        for (status, response) in responses {
            // The probes answer 503 with their own JSON for load balancers; the API never does.
            if path.starts_with("/v1") && (status.starts_with('4') || status.starts_with('5')) {
                assert!(
                    response["content"]["application/problem+json"].is_object(),
                    "{name} {status} is not documented as problem+json"
                );
            }
        }
    }
}

fn concrete(path: &str) -> String {
    // Any value fills a path parameter: the route must exist even if the record does not.
    path.split('/')
        .map(|seg| {
            if seg.starts_with('{') {
                if seg.contains("ods") {
                    "M87017".to_string()
                } else if seg == "{n}" {
                    "1".into()
                } else {
                    uuid::Uuid::nil().to_string()
                }
            } else {
                seg.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_documented_route_exists_and_undocumented_methods_answer_405() {
    let app = TestApp::spawn().await;
    let doc = committed();
    let mut documented: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for (path, method, _) in operations(&doc) {
        documented
            .entry(path)
            .or_default()
            .insert(method.to_string());
    }
    let all = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    for (path, methods) in &documented {
        let url = concrete(path);
        for method in all {
            let (status, headers, body) = app
                .call(method.parse().unwrap(), &url, None, None, &[])
                .await;
            if methods.contains(method) {
                let no_route = status == StatusCode::NOT_FOUND && body["type"] == "about:blank";
                assert!(
                    !no_route && status != StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is documented but not routed ({status})"
                );
            } else if method != "HEAD" {
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is not documented and must be 405"
                );
                let allow = headers["allow"].to_str().unwrap().to_owned();
                for m in methods {
                    assert!(
                        allow.contains(m.as_str()),
                        "{path}: Allow {allow} lacks {m}"
                    );
                }
            }
        }
    }
    // The only routes outside the document are the document itself and its viewer.
    for extra in ["/openapi.json", "/docs/"] {
        let (status, _, _) = app.call(Method::GET, extra, None, None, &[]).await;
        assert_eq!(status, StatusCode::OK, "{extra}");
    }
    let (status, _, body) = app
        .call(Method::GET, "/v1/not-a-route", None, None, &[])
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (StatusCode::NOT_FOUND, Some("about:blank"))
    );
}

#[tokio::test]
async fn the_served_document_matches_the_committed_one() {
    let app = TestApp::spawn().await;
    let (status, _, served) = app
        .call(Method::GET, "/openapi.json", None, None, &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(served, committed());
}

#[tokio::test]
async fn the_interactive_docs_work_without_internet_access() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(
        !html.contains("https://"),
        "no CDN: every asset is served locally"
    );
    for asset in ["swagger-ui.css", "swagger-ui-bundle.js"] {
        assert!(html.contains(asset), "{asset} referenced");
        let res = app
            .client
            .get(app.url(&format!("/docs/{asset}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{asset}");
    }
}
