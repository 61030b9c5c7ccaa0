//! The Corporate Parenting Board's reports in real Chromium: an admin opens each report on
//! the demo data set, its charts are drawn (an SVG image with a title), the period chooser
//! works, and axe-core finds 0 violations at WCAG 2.2 AA. Screenshots go to `docs/console/`.
use care_passport::auth::Role;
use integration_tests::TestApp;

use crate::support::Browser;

#[tokio::test]
async fn journey_an_admin_opens_each_board_report_with_its_charts() {
    let app = TestApp::spawn().await;
    let base = format!("http://{}", app.addr);
    care_passport::demo::load(&app.state)
        .await
        .expect("the demo data");
    let admin = app.staff(Role::Admin, "dudley").await;
    let b = Browser::start().await;

    b.visit(&format!("{base}/sign-in")).await;
    b.fill("#email", &admin.email).await;
    b.fill("#password", &admin.password).await;
    b.click("main form button[type=submit]").await;
    assert_eq!(b.wait_path("/sign-in/code").await, "/sign-in/code");
    b.fill("#code", &app.next_code(admin.id).await).await;
    b.click("main form button[type=submit]").await;
    assert_eq!(b.wait_path("/").await, "/");

    // The menu has the reports, which list the three an admin may read.
    b.find("a.nhsuk-header__navigation-link[href='/reports']")
        .await;
    b.visit(&format!("{base}/reports")).await;
    b.screenshot("reports").await;

    for (name, heading) in [
        ("health-passports", "Health passports report"),
        ("chances4youth", "Chances4YOUth report"),
        ("prescriptions", "Free prescriptions report"),
    ] {
        b.visit(&format!("{base}/reports")).await;
        b.click(&format!("main a[href='/reports/{name}']")).await;
        assert_eq!(
            b.wait_path(&format!("/reports/{name}")).await,
            format!("/reports/{name}")
        );
        b.assert_accessible().await;
        assert!(b.shows(heading).await, "{name}");
        let chart = b.find("svg.report-chart[role='img'] title").await;
        let title = chart
            .prop("textContent")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        assert!(!title.is_empty(), "{name}: the chart has a title");
        assert!(
            b.shows("fewer than 5").await,
            "{name}: says what suppression means"
        );
        b.screenshot(&format!("report-{name}")).await;
    }

    // Choosing last year reloads the page for that year.
    b.click("#year option:nth-child(2)").await;
    b.click("main form button[type=submit]").await;
    b.find("main h1").await;
    b.assert_accessible().await;
    b.close().await;
}
