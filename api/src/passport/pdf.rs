//! The printable passport: an A4 PDF in plain words with the sections the young person chose,
//! the date and version on every page, and a "where to get help" page at the end.
//!
//! Made with `krilla`: black text only (readable when printed in black and white), DejaVu
//! Sans embedded from `api/assets/fonts` (its licence is beside it; nothing is fetched), and a
//! tag tree (headings and paragraphs, English) so screen readers can follow it. Page footers
//! are marked as artifacts.

use std::num::NonZeroU16;

use chrono::{DateTime, NaiveDate, Utc};
use krilla::Document;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, SpanTag, Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use super::model::{PassportContent, SectionId};
use super::plain::{Line, section_lines, section_title};
use crate::words::{long_date, long_day};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.0;
const BODY: f32 = 12.0;
const BOTTOM: f32 = HEIGHT - MARGIN - 24.0;

/// What goes on paper.
#[derive(Debug, Clone)]
pub struct Printable<'a> {
    pub name: &'a str,
    pub version: i32,
    pub published_at: DateTime<Utc>,
    pub printed_on: NaiveDate,
    /// Holds at least the chosen sections; nothing else is printed.
    pub content: &'a PassportContent,
    pub sections: &'a [SectionId],
}

/// Help everyone can use, printed on the last page whatever was chosen.
const HELP: [&str; 6] = [
    "If you are ill or hurt and it is an emergency, call 999.",
    "If you need help fast but it is not an emergency, call NHS 111 or go to 111.nhs.uk.",
    "If you want to talk to someone about how you feel, call Samaritans on 116 123 (free, day or night).",
    "Or text SHOUT to 85258 for free text support, day or night.",
    "To see a doctor, ring your GP practice. Show them this passport when you register.",
    "Your Children in Care nurse or personal adviser can help you with any of this.",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Title,
    Heading,
    Text,
}

struct Placed {
    x: f32,
    y: f32,
    kind: Kind,
    text: String,
}

struct Fonts {
    regular: skrifa::FontRef<'static>,
    bold: skrifa::FontRef<'static>,
}

impl Fonts {
    fn load() -> anyhow::Result<Self> {
        Ok(Fonts {
            regular: skrifa::FontRef::new(REGULAR)?,
            bold: skrifa::FontRef::new(BOLD)?,
        })
    }

    fn width(&self, text: &str, kind: Kind) -> f32 {
        let font = if kind == Kind::Text {
            &self.regular
        } else {
            &self.bold
        };
        let metrics = font.glyph_metrics(Size::new(size(kind)), LocationRef::default());
        let charmap = font.charmap();
        text.chars()
            .filter_map(|c| charmap.map(c).and_then(|g| metrics.advance_width(g)))
            .sum()
    }
}

fn size(kind: Kind) -> f32 {
    match kind {
        Kind::Title => 22.0,
        Kind::Heading => 16.0,
        Kind::Text => BODY,
    }
}

/// Lays text out line by line, starting new pages as needed.
struct Layout {
    fonts: Fonts,
    pages: Vec<Vec<Placed>>,
    y: f32,
}

impl Layout {
    fn new(fonts: Fonts) -> Self {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    fn gap(&mut self, points: f32) {
        self.y += points;
    }

    /// Places `text`, wrapped to the page width, each wrapped line a paragraph of its own.
    fn write(&mut self, text: &str, kind: Kind, indent: f32) {
        let leading = size(kind) * 1.45;
        let room = WIDTH - 2.0 * MARGIN - indent;
        for line in wrap(text, room, |s| self.fonts.width(s, kind)) {
            // Keep a heading with at least two lines under it.
            let needed = if kind == Kind::Text {
                leading
            } else {
                leading * 3.0
            };
            if self.y + needed > BOTTOM {
                self.new_page();
            }
            self.y += leading;
            let placed = Placed {
                x: MARGIN + indent,
                y: self.y,
                kind,
                text: line,
            };
            if let Some(page) = self.pages.last_mut() {
                page.push(placed);
            }
        }
    }

    fn lines(&mut self, lines: &[Line]) {
        for line in lines {
            let indent = f32::from(line.indent) * 18.0;
            self.write(&line.text, Kind::Text, indent);
        }
    }
}

/// Splits `text` into lines no wider than `room`, breaking at spaces (or inside a word that
/// is too long on its own).
fn wrap(text: &str, room: f32, width: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if width(&candidate) <= room || current.is_empty() && width(word) <= room {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if width(&piece) > room {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        current = piece;
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// The PDF bytes.
pub fn render(printable: &Printable<'_>) -> anyhow::Result<Vec<u8>> {
    let mut layout = Layout::new(Fonts::load()?);
    layout.write("Health passport", Kind::Title, 0.0);
    layout.write(printable.name, Kind::Heading, 0.0);
    let published = long_day(&printable.published_at);
    layout.write(
        &format!("Version {}, written on {published}.", printable.version),
        Kind::Text,
        0.0,
    );
    layout.write(
        &format!("Printed on {}.", long_date(printable.printed_on)),
        Kind::Text,
        0.0,
    );
    layout.write(
        "This is your health passport. It holds only the parts you chose to print. \
         Keep it safe, and show it to a new doctor, dentist or nurse.",
        Kind::Text,
        0.0,
    );
    let chosen = |s: &SectionId| printable.sections.contains(s);
    for section in SectionId::ALL.into_iter().filter(chosen) {
        if section == SectionId::WhereToGetHelp {
            continue;
        }
        layout.gap(14.0);
        layout.write(section_title(section), Kind::Heading, 0.0);
        layout.lines(&section_lines(printable.content, section));
    }

    layout.new_page();
    layout.write("Where to get help", Kind::Heading, 0.0);
    for help in HELP {
        layout.write(help, Kind::Text, 0.0);
        layout.gap(4.0);
    }
    if chosen(&SectionId::WhereToGetHelp) {
        layout.gap(10.0);
        layout.write("Services your nurse listed for you", Kind::Heading, 0.0);
        layout.lines(&section_lines(printable.content, SectionId::WhereToGetHelp));
    }

    let footer = format!(
        "Health passport for {}, version {}, printed on {}",
        printable.name,
        printable.version,
        long_date(printable.printed_on)
    );
    draw(layout.pages, &footer, printable.name)
}

fn draw(pages: Vec<Vec<Placed>>, footer: &str, name: &str) -> anyhow::Result<Vec<u8>> {
    let regular =
        Font::new(REGULAR.into(), 0).ok_or_else(|| anyhow::anyhow!("the font did not load"))?;
    let bold = Font::new(BOLD.into(), 0).ok_or_else(|| anyhow::anyhow!("the font did not load"))?;
    let mut document = Document::new();
    let mut tree = TagTree::new().with_lang(Some("en-GB".into()));
    let count = pages.len();
    for (index, placed) in pages.into_iter().enumerate() {
        let settings =
            PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| anyhow::anyhow!("bad page size"))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for item in placed {
            let font = match item.kind {
                Kind::Text => regular.clone(),
                Kind::Title | Kind::Heading => bold.clone(),
            };
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            text(&mut surface, item.x, item.y, font, item.kind, &item.text);
            surface.end_tagged();
            let tag: TagKind = match item.kind {
                Kind::Title => heading(1, name),
                Kind::Heading => heading(2, &item.text),
                Kind::Text => Tag::P.into(),
            };
            tree.push(TagGroup::with_children(tag, vec![id.into()]));
        }
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::Footer,
        )));
        let words = format!("{footer} - page {} of {count}", index + 1);
        let y = HEIGHT - MARGIN + 10.0;
        surface.draw_text(
            Point::from_xy(MARGIN, y),
            regular.clone(),
            9.0,
            &words,
            false,
            TextDirection::Auto,
        );
        surface.end_tagged();
        surface.finish();
        page.finish();
    }
    document.set_tag_tree(tree);
    document.set_metadata(
        Metadata::new()
            .title(format!("Health passport for {name}"))
            .language("en-GB".into())
            .creator("Care Passport".into()),
    );
    document
        .finish()
        .map_err(|e| anyhow::anyhow!("the PDF could not be made: {e:?}"))
}

fn heading(level: u16, title: &str) -> TagKind {
    let level = NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN);
    Tag::Hn(level, Some(title.to_owned())).into()
}

fn text(surface: &mut Surface<'_>, x: f32, y: f32, font: Font, kind: Kind, words: &str) {
    surface.draw_text(
        Point::from_xy(x, y),
        font,
        size(kind),
        words,
        false,
        TextDirection::Auto,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_at_spaces_within_the_page() {
        let lines = wrap("one two three four", 9.0, |s| s.len() as f32);
        assert_eq!(lines, ["one two", "three", "four"]);
        let long = wrap("abcdefghij", 4.0, |s| s.len() as f32);
        assert_eq!(long, ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn the_pdf_is_made_with_the_fonts_embedded() {
        let content = PassportContent {
            allergies: Some(vec![]),
            ..PassportContent::default()
        };
        let bytes = render(&Printable {
            name: "Kayleigh Smith",
            version: 2,
            published_at: Utc::now(),
            printed_on: Utc::now().date_naive(),
            content: &content,
            sections: &[SectionId::Allergies],
        });
        let bytes = bytes.unwrap_or_default();
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/FontFile2"), "the font is embedded");
        assert!(text.contains("/StructTreeRoot"), "the PDF is tagged");
    }
}
