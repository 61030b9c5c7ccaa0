//! A small browser stand-in for the staff console's HTTP tests: it keeps the session cookie,
//! does not follow redirects (tests assert on them), and posts forms with the CSRF token of
//! the last page it read.
use reqwest::{StatusCode, header};

use crate::{Person, TestApp};

/// One page or redirect as the browser saw it.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: header::HeaderMap,
    pub body: String,
}

impl Page {
    /// Where a redirect points.
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// The value of the first `name="csrf_token"` hidden field.
    pub fn csrf_token(&self) -> Option<String> {
        hidden_value(&self.body, "csrf_token")
    }

    /// The value of the first hidden field called `name`.
    pub fn hidden(&self, name: &str) -> Option<String> {
        hidden_value(&self.body, name)
    }

    /// Whether the body contains `text` (HTML-escaped apostrophes undone).
    pub fn contains(&self, text: &str) -> bool {
        self.body
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .contains(text)
    }
}

fn hidden_value(body: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker)? + marker.len();
    let end = body[start..].find('"')?;
    Some(body[start..start + end].to_owned())
}

/// A browser session against the console.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    client: reqwest::Client,
    /// The raw session cookie value, as the server last set it.
    pub cookie: Option<String>,
    /// The CSRF token from the last page read.
    pub csrf: Option<String>,
    /// Sent as `Origin` on posts when set.
    pub origin: Option<String>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookie: None,
            csrf: None,
            origin: Some(format!("http://{}", app.addr)),
        }
    }

    fn remember(&mut self, page: &Page) {
        for value in page.headers.get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap_or_default();
            if let Some(rest) = value.strip_prefix("__Host-cp_console=") {
                let raw = rest.split(';').next().unwrap_or_default();
                self.cookie = (!raw.is_empty()).then(|| raw.to_owned());
            }
        }
        if let Some(token) = page.csrf_token() {
            self.csrf = Some(token);
        }
    }

    async fn finish(&mut self, res: reqwest::Response) -> Page {
        let page = Page {
            status: res.status(),
            headers: res.headers().clone(),
            body: res.text().await.expect("body"),
        };
        self.remember(&page);
        page
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let mut req = self.client.get(self.app.url(path));
        if let Some(cookie) = &self.cookie {
            req = req.header(header::COOKIE, format!("__Host-cp_console={cookie}"));
        }
        let res = req.send().await.expect("request sent");
        self.finish(res).await
    }

    /// Posts a form with the last page's CSRF token added.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts exactly `fields` (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut req = self
            .client
            .post(self.app.url(path))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = &self.cookie {
            req = req.header(header::COOKIE, format!("__Host-cp_console={cookie}"));
        }
        if let Some(origin) = &self.origin {
            req = req.header(header::ORIGIN, origin);
        }
        let body = serde_urlencoded_pairs(fields);
        let res = req.body(body).send().await.expect("request sent");
        self.finish(res).await
    }

    /// Signs a staff member in with password and a code from their second factor; returns the
    /// page the sign-in redirected to.
    pub async fn sign_in(&mut self, person: &Person) -> Page {
        self.get("/sign-in").await;
        let after_password = self
            .post(
                "/sign-in",
                &[("email", &person.email), ("password", &person.password)],
            )
            .await;
        assert_eq!(
            after_password.status,
            StatusCode::SEE_OTHER,
            "{}",
            after_password.body
        );
        assert_eq!(after_password.location(), Some("/sign-in/code"));
        self.get("/sign-in/code").await;
        let code = self.app.next_code(person.id).await;
        let done = self.post("/sign-in/code", &[("code", &code)]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(done.location(), Some("/"));
        self.get("/").await
    }
}

fn serde_urlencoded_pairs(fields: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}
