//! The passport leaving the service: the FHIR patient summary and the printable PDF.
use std::io::Write;
use std::process::{Command, Stdio};

use care_passport::auth::Role;
use integration_tests::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

use super::*;
use crate::access::Cast;

const SOCIAL_HISTORY: &str = "29762-2";

/// The bytes and content type of a GET.
pub(super) async fn download(
    app: &TestApp,
    path: &str,
    token: &str,
) -> (StatusCode, String, Vec<u8>) {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request sent");
    let status = res.status();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    (status, kind, res.bytes().await.expect("body").to_vec())
}

/// The text of a PDF as `pdftotext` (poppler-utils) reads it.
pub(super) fn pdf_text(pdf: &[u8]) -> String {
    let child = Command::new("pdftotext")
        .args(["-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        panic!(
            "pdftotext is not installed, so the PDF cannot be checked: \
             run `apt-get install poppler-utils` (scripts/fhir-check.sh does)"
        );
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(pdf)
        .expect("PDF written to pdftotext");
    let out = child.wait_with_output().expect("pdftotext ran");
    assert!(out.status.success(), "pdftotext could not read the PDF");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(super) fn resources(bundle: &Value) -> Vec<Value> {
    bundle["entry"]
        .as_array()
        .map(|e| e.iter().map(|e| e["resource"].clone()).collect())
        .unwrap_or_default()
}

pub(super) fn section_codes(bundle: &Value) -> Vec<String> {
    resources(bundle)[0]["section"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["code"]["coding"][0]["code"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn the_young_person_downloads_an_ips_document_with_their_nhs_number_and_sensitive_section() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    let token = app.token(&cast.leaver).await;

    let (status, kind, bytes) = download(&app, "/v1/me/passport/fhir", &token).await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/fhir+json");
    let bundle: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "document");
    let all = resources(&bundle);
    assert_eq!(all[0]["resourceType"], "Composition");
    let patient = all
        .iter()
        .find(|r| r["resourceType"] == "Patient")
        .expect("patient");
    assert_eq!(
        patient["identifier"][0]["system"],
        "https://fhir.nhs.uk/Id/nhs-number"
    );
    assert_eq!(patient["identifier"][0]["value"], "9434765919");
    let codes = section_codes(&bundle);
    for required in ["10160-0", "48765-2", "11450-4", SOCIAL_HISTORY] {
        assert!(
            codes.iter().any(|c| c == required),
            "{required} in {codes:?}"
        );
    }
    assert!(String::from_utf8_lossy(&bytes).contains("Contraceptive implant"));
    let actions = app.audit_actions(cast.leaver.id).await;
    assert!(
        actions.contains(&"passport.fhir_exported".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn the_nurse_export_of_a_version_never_holds_the_sensitive_section() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, true).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    let nurse = app.token(&cast.nurse).await;
    let path = format!(
        "/v1/care-leavers/{}/passport/versions/1/fhir",
        cast.leaver.id
    );

    let (status, kind, bytes) = download(&app, &path, &nurse).await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/fhir+json");
    let bundle: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert!(!section_codes(&bundle).iter().any(|c| c == SOCIAL_HISTORY));
    assert!(!String::from_utf8_lossy(&bytes).contains("implant"));
    let medicines = resources(&bundle)
        .into_iter()
        .filter(|r| r["resourceType"] == "MedicationStatement")
        .count();
    assert_eq!(medicines, 1);
    let missing = format!(
        "/v1/care-leavers/{}/passport/versions/2/fhir",
        cast.leaver.id
    );
    assert_eq!(
        download(&app, &missing, &nurse).await.0,
        StatusCode::NOT_FOUND
    );
    let hr = app.token(&app.staff(Role::Hr, "dudley").await).await;
    assert_eq!(download(&app, &path, &hr).await.0, StatusCode::NOT_FOUND);

    // The young person sees the export in their access log.
    let (_, log) = app
        .get("/v1/me/access-log", &app.token(&cast.leaver).await)
        .await;
    let said: Vec<&str> = log["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["what"].as_str())
        .collect();
    assert!(
        said.contains(&"saved a copy of your health passport for doctors"),
        "{said:?}"
    );
}

#[tokio::test]
async fn the_pdf_shows_the_chosen_sections_and_nothing_else() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app, false).await;
    write_and_publish(&app, &cast.nurse, cast.leaver.id, content()).await;
    let token = app.token(&cast.leaver).await;

    let path = "/v1/me/passport/pdf?sections=medicines,allergies";
    let (status, kind, bytes) = download(&app, path, &token).await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/pdf");
    let text = pdf_text(&bytes);
    for shown in [
        "Health passport",
        "Jordan Tester",
        "Version 1",
        "Medicines",
        "Salbutamol inhaler",
        "Dose: 2 puffs when wheezy",
        "Allergies",
        "Penicillin",
        "Where to get help",
        "NHS 111",
    ] {
        assert!(text.contains(shown), "{shown:?} is missing from:\n{text}");
    }
    for hidden in [
        "About me",
        "943",
        "Health conditions",
        "Vaccines",
        "MMR",
        "Sexual health",
        "implant",
    ] {
        assert!(
            !text.contains(hidden),
            "{hidden:?} should not be in:\n{text}"
        );
    }
    let actions = app.audit_actions(cast.leaver.id).await;
    assert!(
        actions.contains(&"passport.pdf_downloaded".to_owned()),
        "{actions:?}"
    );

    let (status, _, body) = download(&app, "/v1/me/passport/pdf?sections=teeth", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(String::from_utf8_lossy(&body).contains("is not a passport section"));
}
