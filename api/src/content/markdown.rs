//! Markdown written by nurses, made safe on the way out: as HTML for the web, as Markdown for
//! the app (which renders it itself), and as plain text for the readability score.
//!
//! Raw HTML is never passed through: it is shown as text. Links and images may only use
//! `http`, `https`, `mailto` and `tel` URLs (or be relative).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;
use std::ops::Range;

/// URL schemes a link or image in content may use.
pub const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Rounds of cleaning before giving up and escaping every `<` and `[` (never reached by real
/// content; it bounds the work an adversarial document can cause).
const MAX_ROUNDS: usize = 8;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders Markdown to HTML that is safe to put in a page: raw HTML is escaped, only safe URL
/// schemes survive, links get `rel="noopener noreferrer"`, and ammonia cleans the result.
pub fn render_safe_html(md: &str) -> String {
    let events = Parser::new_ext(md, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    ammonia::Builder::default()
        .url_schemes(HashSet::from(ALLOWED_SCHEMES))
        .link_rel(Some("noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string()
}

/// Returns Markdown that renders the same for safe content but in which raw HTML is escaped
/// (shown as text) and links or images with other URL schemes become their plain text.
pub fn sanitise_markdown(md: &str) -> String {
    let mut current = md.to_owned();
    for _ in 0..MAX_ROUNDS {
        // Escaping HTML can turn the inside of an HTML block into Markdown links, and
        // unwrapping a link can join text into a new tag, so repeat until nothing changes.
        let next = unwrap_unsafe_links(&escape_raw_html(&current));
        if next == current {
            return next;
        }
        current = next;
    }
    current.replace('<', "&lt;").replace('[', "\\[")
}

/// Whether a link or image destination is allowed: relative, or one of [`ALLOWED_SCHEMES`].
/// Browsers ignore tabs and newlines inside URLs, so those are removed before checking.
pub fn is_safe_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let Some((scheme, _)) = compact.split_once(':') else {
        return true;
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // A colon after `/`, `?` or `#` belongs to a relative path, not a scheme.
    !is_scheme || ALLOWED_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
}

fn escape_raw_html(md: &str) -> String {
    let ranges: Vec<Range<usize>> = Parser::new_ext(md, options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
        .map(|(_, range)| range)
        .collect();
    let edits = ranges
        .into_iter()
        .map(|range| {
            let escaped = md[range.clone()].replace('<', "&lt;");
            (range, escaped)
        })
        .collect();
    apply_edits(md, edits)
}

fn unwrap_unsafe_links(md: &str) -> String {
    /// An unsafe link being read: its whole source, the source of its text, its depth.
    struct Open {
        whole: Range<usize>,
        text: Option<Range<usize>>,
        depth: usize,
    }
    let parser = Parser::new_ext(md, options());
    // Unused definitions are invisible, but a renderer that is not CommonMark may show them.
    let mut edits: Vec<(Range<usize>, String)> = parser
        .reference_definitions()
        .iter()
        .filter(|(_, def)| !is_safe_url(&def.dest))
        .map(|(_, def)| (def.span.clone(), String::new()))
        .collect();
    let mut open: Option<Open> = None;
    let mut depth = 0usize;
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                depth += 1;
                if open.is_none() && !is_safe_url(&dest_url) {
                    open = Some(Open {
                        whole: range.clone(),
                        text: None,
                        depth,
                    });
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(link) = open.take_if(|link| link.depth == depth) {
                    let text = link.text.map(|r| md[r].to_owned()).unwrap_or_default();
                    edits.push((link.whole, text));
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        if let Some(link) = open.as_mut()
            && link.whole != range
            && link.whole.start <= range.start
            && range.end <= link.whole.end
        {
            link.text = Some(match link.text.take() {
                Some(r) => r.start.min(range.start)..r.end.max(range.end),
                None => range,
            });
        }
    }
    apply_edits(md, edits)
}

/// Replaces each range with its text, skipping any range that overlaps an earlier one (the
/// next cleaning round picks it up).
fn apply_edits(md: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(md.len());
    let mut pos = 0;
    for (range, text) in edits {
        if range.start < pos || range.end > md.len() {
            continue;
        }
        out.push_str(&md[pos..range.start]);
        out.push_str(&text);
        pos = range.end;
    }
    out.push_str(&md[pos..]);
    out
}

/// The words of a Markdown document as plain text, one paragraph per block (heading,
/// paragraph, list item, table cell), without URLs, images or raw HTML.
pub fn to_plain_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut in_image = 0usize;
    let block_end = |out: &mut String| {
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
    };
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if in_image == 0 => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak if in_image == 0 => out.push(' '),
            Event::Start(Tag::List(_)) => block_end(&mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => block_end(&mut out),
            _ => {}
        }
    }
    let lines: Vec<&str> = out.lines().map(str::trim).collect();
    lines.join("\n").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks every real tag in `html` (escaped text is not a tag): only harmless elements,
    /// no event handlers, no script URLs.
    fn assert_inert(html: &str) {
        let allowed = [
            "p",
            "a",
            "strong",
            "em",
            "del",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "li",
            "code",
            "pre",
            "img",
            "blockquote",
            "hr",
            "br",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        ];
        for piece in html.split('<').skip(1) {
            let tag = piece
                .split('>')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let name = tag
                .trim_start_matches('/')
                .split([' ', '/'])
                .next()
                .unwrap_or_default();
            assert!(allowed.contains(&name), "<{tag}> in {html:?}");
            assert!(!tag.contains(" on"), "<{tag}> in {html:?}");
            for attr in [" href=\"", " src=\""] {
                if let Some((_, rest)) = tag.split_once(attr) {
                    let value = rest
                        .split('"')
                        .next()
                        .unwrap_or_default()
                        .replace("&amp;", "&");
                    assert!(is_safe_url(&value), "<{tag}> in {html:?}");
                }
            }
        }
    }

    #[test]
    fn attacks_in_markdown_render_as_harmless_html() {
        let cases = [
            "<script>alert(1)</script>",
            "Hello <script>alert(1)</script> there",
            "<img src=x onerror=alert(1)>",
            "Text <img src=x onerror=alert(1)> inline",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](jav&#x61;script:alert(1))",
            "<javascript:alert(1)>",
            "![x](javascript:alert(1))",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div onclick=\"alert(1)\">click</div>",
            "<style>body{display:none}</style>",
            "<a href=\"javascript:alert(1)\">x</a>",
        ];
        for md in cases {
            assert_inert(&render_safe_html(md));
        }
    }

    #[test]
    fn raw_html_is_shown_as_text_rather_than_dropped() {
        let html = render_safe_html("Use <script>alert(1)</script> carefully");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn ordinary_markdown_renders_with_safe_links() {
        let html = render_safe_html(
            "## Your GP\n\nSee [NHS](https://www.nhs.uk/) or call [111](tel:111).\n\n- one\n- **two**",
        );
        assert!(html.contains("<h2>Your GP</h2>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"href="tel:111""#), "{html}");
        assert!(html.contains("<li><strong>two</strong></li>"), "{html}");
    }

    #[test]
    fn sanitised_markdown_escapes_html_and_unwraps_unsafe_links() {
        let cases = [
            (
                "<script>alert(1)</script>",
                "&lt;script>alert(1)&lt;/script>",
            ),
            (
                "Hi <img src=x onerror=alert(1)> there",
                "Hi &lt;img src=x onerror=alert(1)> there",
            ),
            ("[click me](javascript:alert(1)) now", "click me now"),
            ("![pic](javascript:alert(1))", "pic"),
            (
                "<iframe src=\"x\"></iframe>",
                "&lt;iframe src=\"x\">&lt;/iframe>",
            ),
            (
                "[NHS](https://www.nhs.uk/) stays",
                "[NHS](https://www.nhs.uk/) stays",
            ),
            ("[**bold** link](javascript:x)", "**bold** link"),
            (
                "<div>\n[x](javascript:alert(1))\n</div>",
                "&lt;div>\nx\n&lt;/div>",
            ),
            (
                "[x][r] and [y][s]\n\n[r]: javascript:alert(1)\n[s]: https://nhs.uk",
                "x and [y][s]\n\n\n[s]: https://nhs.uk",
            ),
        ];
        for (md, expected) in cases {
            assert_eq!(sanitise_markdown(md), expected, "{md:?}");
        }
    }

    #[test]
    fn sanitising_twice_changes_nothing_more_and_renders_inert() {
        let nasty = [
            "[[a](javascript:x)](javascript:y)",
            "<[a](javascript:x)script>alert(1)</script>",
            "[![x](javascript:a)](javascript:b)",
            "[ok](https://nhs.uk) [![img](javascript:a)](https://nhs.uk)",
        ];
        for md in nasty {
            let once = sanitise_markdown(md);
            assert_eq!(sanitise_markdown(&once), once, "{md:?}");
            let lower = once.to_ascii_lowercase();
            assert!(
                !lower.contains("(javascript:") && !lower.contains("<script"),
                "{once:?}"
            );
            assert_inert(&render_safe_html(&once));
        }
    }

    #[test]
    fn safe_urls_are_told_apart_from_unsafe_ones() {
        let cases = [
            ("https://www.nhs.uk/", true),
            ("http://example.com", true),
            ("mailto:nurse@example.com", true),
            ("tel:111", true),
            ("/content/articles", true),
            ("#top", true),
            ("javascript:alert(1)", false),
            (" java\tscript:alert(1)", false),
            ("data:text/html,<script>", false),
            ("vbscript:x", false),
            ("file:///etc/passwd", false),
        ];
        for (url, safe) in cases {
            assert_eq!(is_safe_url(url), safe, "{url:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_mix_of_markdown_and_html_comes_back_inert_and_sanitising_is_idempotent(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "<", ">", "[", "]", "(", ")", "!", "javascript:", "alert(1)", "<script>",
                    "</script>", "<img src=x onerror=alert(1)>", "<iframe>", "\n", "\n\n",
                    "`", "*", "# ", "- ", "https://nhs.uk", "text", " ", "&#x61;", "\\", ":",
                ]),
                0..40,
            )
        ) {
            let md = parts.concat();
            assert_inert(&render_safe_html(&md));
            let once = sanitise_markdown(&md);
            proptest::prop_assert_eq!(sanitise_markdown(&once), once.clone());
            assert_inert(&render_safe_html(&once));
        }
    }

    #[test]
    fn plain_text_keeps_the_words_and_separates_blocks() {
        let md = "# Title\n\nSee [your GP](https://nhs.uk) today.\n\n- one\n- two\n\n![alt](x.png) <b>bold</b>";
        assert_eq!(
            to_plain_text(md),
            "Title\n\nSee your GP today.\n\none\n\ntwo\n\nbold"
        );
    }
}
