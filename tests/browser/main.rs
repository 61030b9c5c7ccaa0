//! Browser tests in real headless Chromium (not part of `cargo test --workspace`):
//! `scripts/browser-tests.sh` installs Chromium, chromedriver and axe-core and runs them.
mod caseworker;
mod hr;
mod journey;
mod nurse;
mod reports;
mod support;

use support::Browser;

#[tokio::test]
async fn axe_core_reports_the_violations_of_a_page_that_has_them() {
    // The harness must be able to fail: an image without alternative text and an unlabelled
    // field break WCAG 2.2 AA, and axe-core in this browser has to say so.
    let browser = Browser::start().await;
    let page = "data:text/html,<!doctype html><html lang=en><title>t</title>\
        <main><h1>Broken</h1><img src=x><input type=text></main></html>";
    browser.client.goto(page).await.expect("page opens");

    let violations = browser.axe_violations().await;

    let ids: Vec<&str> = violations
        .iter()
        .filter_map(|v| v.strip_prefix("- ")?.split(' ').next())
        .collect();
    assert!(ids.contains(&"image-alt"), "{violations:?}");
    assert!(ids.contains(&"label"), "{violations:?}");
    browser.close().await;
}
