//! Real headless Chromium for the browser tests: chromedriver on a free port, a fresh profile,
//! axe-core injected into each page, full-page screenshots for `docs/console/`.
use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// The WCAG 2.2 AA rule sets every page must pass.
const AXE_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Chromium flags: headless, and quiet on a closed network (without the background-networking
/// flags Chromium keeps calling home and the sandbox refuses those connections).
const CHROMIUM_ARGS: [&str; 10] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// `name` on the `PATH`, or the path in the environment variable `var` when it is set.
fn find_program(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

const HOW_TO_INSTALL: &str = "the browser tests need Chromium, chromedriver and axe-core: run \
    scripts/browser-tests.sh, which installs Debian's `chromium` and `chromium-driver` and \
    axe-core from npm, then runs these tests (or set CHROME_BIN / CHROMEDRIVER)";

/// A running chromedriver (killed on drop) and a WebDriver session in a fresh profile.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    axe_source: String,
}

impl Browser {
    /// Starts chromedriver and Chromium. Panics with the way to install them when missing:
    /// a browser test must never pass without a browser.
    pub async fn start() -> Browser {
        let chromium = find_program("CHROME_BIN", &["chromium", "chromium-browser"])
            .unwrap_or_else(|| panic!("Chromium not found; {HOW_TO_INSTALL}"));
        let chromedriver = find_program("CHROMEDRIVER", &["chromedriver"])
            .unwrap_or_else(|| panic!("chromedriver not found; {HOW_TO_INSTALL}"));
        let axe_path = workspace_root().join("tests/browser/axe/node_modules/axe-core/axe.min.js");
        let axe_source = std::fs::read_to_string(&axe_path).unwrap_or_else(|e| {
            panic!(
                "axe-core not found at {} ({e}); {HOW_TO_INSTALL}",
                axe_path.display()
            )
        });
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").expect("a free port");
            l.local_addr().expect("port").port()
        };
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {}: {e}", chromedriver.display()));
        let mut browser_driver = DriverGuard(Some(driver));
        let url = format!("http://127.0.0.1:{port}");
        wait_for_driver(&url).await;
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| (*a).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
        });
        let Value::Object(caps) = caps else {
            unreachable!("capabilities are an object")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&url)
            .await
            .unwrap_or_else(|e| panic!("Chromium did not start a session: {e}; {HOW_TO_INSTALL}"));
        Browser {
            client,
            driver: browser_driver.0.take().expect("driver"),
            _profile: profile,
            axe_source,
        }
    }

    /// Opens `url` and checks the page with axe-core.
    pub async fn visit(&self, url: &str) {
        self.client.goto(url).await.expect("page opens");
        self.assert_accessible().await;
    }

    /// Runs axe-core in the current page: 0 violations at WCAG 2.2 AA, or a panic listing each
    /// violation's id, help and nodes.
    pub async fn assert_accessible(&self) {
        let violations = self.axe_violations().await;
        if !violations.is_empty() {
            let url = self.client.current_url().await.expect("url");
            panic!(
                "axe-core found {} violation(s) at WCAG 2.2 AA on {url}:\n{}",
                violations.len(),
                violations.join("\n")
            );
        }
    }

    /// axe-core's violations in the current page, one line each.
    pub async fn axe_violations(&self) -> Vec<String> {
        self.client
            .execute(&self.axe_source, vec![])
            .await
            .expect("axe-core loads in the page");
        let script = r#"
            const [tags, done] = arguments;
            axe.run(document, { runOnly: { type: "tag", values: tags } })
              .then(r => done(r.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => n.target.join(" ")) }))))
              .catch(e => done({ error: String(e) }));
        "#;
        let result = self
            .client
            .execute_async(script, vec![json!(AXE_TAGS)])
            .await
            .expect("axe-core runs");
        let Value::Array(violations) = result else {
            panic!("axe-core failed: {result}");
        };
        violations
            .iter()
            .map(|v| {
                format!(
                    "- {} ({}): {} — nodes: {}",
                    v["id"].as_str().unwrap_or("?"),
                    v["impact"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or("?"),
                    v["nodes"]
                )
            })
            .collect()
    }

    /// Saves a full-page PNG of the current page to `docs/console/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        let height = self
            .client
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .expect("page height")
            .as_u64()
            .unwrap_or(900)
            .clamp(600, 4000);
        self.client
            .set_window_size(1280, height as u32)
            .await
            .expect("resize");
        let png = self.client.screenshot().await.expect("screenshot");
        self.client
            .set_window_size(1280, 900)
            .await
            .expect("resize");
        let dir = workspace_root().join("docs/console");
        std::fs::create_dir_all(&dir).expect("docs/console");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Types `text` into the field `css` (cleared first).
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }

    /// Clicks `css` (WebDriver waits for a page it opens to load).
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.expect("click");
    }

    /// Waits (up to 10 s) for the page at `expected` to load; the path it ended on.
    pub async fn wait_path(&self, expected: &str) -> String {
        for _ in 0..100 {
            if self.path().await == expected {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.path().await
    }

    pub async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("url")
            .path()
            .to_owned()
    }

    /// The page's text; after a click that loads a new page, the old body can go stale
    /// while it is read, so that is tried again.
    pub async fn text(&self) -> String {
        for _ in 0..50 {
            if let Ok(text) = self.find("body").await.text().await {
                return text;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        self.find("body").await.text().await.expect("text")
    }

    /// Waits (up to 5 s) for the page to show `needle`, as after submitting a form.
    pub async fn shows(&self, needle: &str) -> bool {
        for _ in 0..50 {
            if self.text().await.contains(needle) {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        false
    }

    /// Ends the session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Kills chromedriver if start-up fails half way.
struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

async fn wait_for_driver(url: &str) {
    let client = reqwest::Client::new();
    for _ in 0..100 {
        if let Ok(res) = client.get(format!("{url}/status")).send().await
            && res.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not answer at {url} within 10 s; {HOW_TO_INSTALL}");
}
