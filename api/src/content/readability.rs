//! The plain-English check: Flesch reading ease over an article's title, summary and body.
//!
//! 206.835 − 1.015 × (words ÷ sentences) − 84.6 × (syllables ÷ words). Higher is easier;
//! 60–70 is plain English, most people read 80+ easily, academic papers score under 30.
//!
//! Counted the way `textstat` (the Python library NHS content designers use) counts, so a
//! score here means what it means to them; `fixtures/textstat-articles.json` holds textstat's
//! figures for the demo articles and a test keeps us within 5 points of them:
//! - a word is a whitespace-separated token once punctuation is removed ("A&E" and
//!   "follow-up" are one word each, a lone "—" is none);
//! - a sentence runs up to a `.`, `!` or `?`; line breaks do not end one, so a heading or a
//!   list item without a full stop runs on into what follows; a piece of two words or fewer
//!   ("e.g.", "Yes!") does not count as a sentence of its own, though its words count;
//! - a number ("111", "£3,000") is one syllable, as is an acronym in capitals ("NHS", "HC2");
//!   other words get the estimate of [`syllables`] (textstat looks them up in a dictionary).

use serde::Serialize;
use utoipa::ToSchema;

use super::markdown::to_plain_text;

/// Articles scoring below this need the nurse to confirm before publishing.
pub const PLAIN_ENGLISH_THRESHOLD: f64 = 60.0;

/// What a text a young person reads must reach (the NHS content style guide's reading age of
/// 9 to 11), for texts of [`YOUNG_PERSON_MIN_WORDS`] words or more.
pub const YOUNG_PERSON_THRESHOLD: f64 = 70.0;

/// Shorter texts (labels, button words) are too short for the formula to mean much.
pub const YOUNG_PERSON_MIN_WORDS: u32 = 8;

/// The score and the counts behind it, so the nurse can see why a text scored low.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Readability {
    /// Flesch reading ease, to one decimal place (0 when there are no words).
    #[schema(example = 72.4)]
    pub score: f64,
    pub words: u32,
    pub sentences: u32,
    pub syllables: u32,
    /// Whether `score` reaches [`PLAIN_ENGLISH_THRESHOLD`].
    pub plain_english: bool,
}

/// Scores an article as the reader meets it: title, summary, then the body's text.
pub fn article_readability(title: &str, summary: &str, body_markdown: &str) -> Readability {
    let text = format!("{title}\n\n{summary}\n\n{}", to_plain_text(body_markdown));
    readability(&text)
}

/// Scores plain text (see the module docs for how words, sentences and syllables count).
pub fn readability(text: &str) -> Readability {
    let all = words(text);
    let words_count = all.len() as u32;
    let syllables: u32 = all.iter().map(|w| word_syllables(w)).sum();
    let sentences = text
        .split(['.', '!', '?'])
        .filter(|piece| words(piece).len() > 2)
        .count()
        .max(1) as u32;
    let score = if words_count == 0 {
        0.0
    } else {
        let (w, s, y) = (
            f64::from(words_count),
            f64::from(sentences),
            f64::from(syllables),
        );
        let raw = 206.835 - 1.015 * (w / s) - 84.6 * (y / w);
        (raw * 10.0).round() / 10.0
    };
    Readability {
        score,
        words: words_count,
        sentences: if words_count == 0 { 0 } else { sentences },
        syllables,
        plain_english: words_count > 0 && score >= PLAIN_ENGLISH_THRESHOLD,
    }
}

/// Flesch reading ease of plain text (0 when it has no words).
pub fn flesch_reading_ease(text: &str) -> f64 {
    readability(text).score
}

/// Whether a text a young person reads is plain enough: short texts always are, longer ones
/// need [`YOUNG_PERSON_THRESHOLD`].
pub fn is_plain_for_young_people(text: &str) -> bool {
    let r = readability(text);
    r.words < YOUNG_PERSON_MIN_WORDS || r.score >= YOUNG_PERSON_THRESHOLD
}

/// A free-text field that is hard to read, for a warning beside it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldReadability {
    /// The field's JSON path, e.g. `health_history.items[0].notes`.
    #[schema(example = "health_history.items[0].notes")]
    pub field: String,
    /// Its Flesch reading ease.
    #[schema(example = 42.5)]
    pub score: f64,
    #[schema(example = 23)]
    pub words: u32,
}

/// Every string in `value` of [`YOUNG_PERSON_MIN_WORDS`] words or more that scores under
/// [`YOUNG_PERSON_THRESHOLD`], by JSON path, lowest score first.
pub fn hard_to_read_fields(value: &serde_json::Value) -> Vec<FieldReadability> {
    fn walk(value: &serde_json::Value, path: String, out: &mut Vec<FieldReadability>) {
        match value {
            serde_json::Value::String(text) => {
                let r = readability(text);
                if r.words >= YOUNG_PERSON_MIN_WORDS && r.score < YOUNG_PERSON_THRESHOLD {
                    out.push(FieldReadability {
                        field: path,
                        score: r.score,
                        words: r.words,
                    });
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, format!("{path}[{i}]"), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let child = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(item, child, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out.sort_by(|a, b| a.score.total_cmp(&b.score));
    out
}

/// The words of a text: tokens between whitespace with punctuation (but not apostrophes)
/// removed, keeping those with a letter or digit.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|token| {
            token
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '\''))
                .collect::<String>()
        })
        .filter(|w| w.chars().any(|c| c.is_alphanumeric() || c == '_'))
        .collect()
}

/// Syllables in one word: numbers and acronyms are one, other words are estimated.
fn word_syllables(word: &str) -> u32 {
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return 1;
    }
    if letters.chars().count() >= 2 && letters.chars().all(char::is_uppercase) {
        return 1;
    }
    syllables(&letters)
}

/// Estimated syllables in an English word: vowel groups, less silent endings, plus a few
/// common vowel pairs that are said as two.
pub fn syllables(word: &str) -> u32 {
    let word = word.to_lowercase();
    let word: String = word.chars().filter(char::is_ascii_alphabetic).collect();
    if word.len() <= 3 {
        return 1;
    }
    // Compounds whose first part has a silent e or a y that the rules below would misread.
    for (prefix, count) in [("some", 1), ("any", 2)] {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.len() >= 3
        {
            return count + syllables(rest);
        }
    }
    // Suffixes said as their own syllable(s) after a stem whose silent e would otherwise count.
    for (suffix, count) in [("ment", 1), ("ness", 1), ("ful", 1), ("less", 1), ("ly", 1)] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.len() >= 3
        {
            return syllables(stem) + count;
        }
    }
    let b = word.as_bytes();
    let n = b.len();
    let is_vowel =
        |i: usize| matches!(b[i], b'a' | b'e' | b'i' | b'o' | b'u') || (b[i] == b'y' && i > 0);
    let silent_es = word.ends_with("es")
        && !["ses", "xes", "zes", "ces", "ges", "ches", "shes", "ies"]
            .iter()
            .any(|s| word.ends_with(s));
    let silent_ed = word.ends_with("ed") && !word.ends_with("ted") && !word.ends_with("ded");
    let consonant_le = word.ends_with("le") && !is_vowel(n - 3);
    let end = if silent_es || silent_ed {
        n - 2
    } else if word.ends_with('e') && !word.ends_with("ee") && !consonant_le {
        n - 1
    } else {
        n
    };
    let mut count = 0u32;
    let mut previous_vowel = false;
    for i in 0..end {
        let vowel = is_vowel(i);
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
    }
    // Vowel pairs said as two syllables: "peri-od", "medi-a", "usu-al".
    for (i, pair) in b[..end].windows(2).enumerate() {
        let before = if i > 0 { b[i - 1] } else { b' ' };
        let two = match pair {
            b"io" => !matches!(before, b't' | b's' | b'c' | b'g' | b'x' | b'n' | b'l'),
            b"ia" => !matches!(before, b't' | b'c'),
            b"ua" => !matches!(before, b'q' | b'g') && i + 2 < end,
            _ => false,
        };
        if two {
            count += 1;
        }
    }
    // "-ism" (autism), "-ing" after a vowel (being, going) and a final "ea" (idea) add one.
    let vowel_before_ing = n > 3 && word.ends_with("ing") && is_vowel(n - 4);
    if word.ends_with("ism") || vowel_before_ing || word.ends_with("ea") {
        count += 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_are_counted_for_common_words() {
        let cases = [
            ("the", 1),
            ("cat", 1),
            ("make", 1),
            ("makes", 1),
            ("time", 1),
            ("free", 1),
            ("called", 1),
            ("looked", 1),
            ("wanted", 2),
            ("needed", 2),
            ("table", 2),
            ("people", 2),
            ("little", 2),
            ("doctor", 2),
            ("water", 2),
            ("changes", 2),
            ("places", 2),
            ("boxes", 2),
            ("safely", 2),
            ("statement", 2),
            ("only", 2),
            ("family", 3),
            ("usual", 3),
            ("period", 3),
            ("media", 3),
            ("million", 2),
            ("registered", 3),
            ("prescription", 3),
            ("medication", 4),
            ("information", 4),
            ("appointment", 3),
            ("emergency", 4),
            ("university", 5),
            ("autism", 3),
            ("yes", 1),
            ("you", 1),
            ("every", 3),
            ("health", 1),
            ("service", 2),
            ("services", 3),
            ("mental", 2),
            ("dentist", 2),
            ("pharmacy", 3),
            ("something", 2),
            ("someone", 2),
            ("sometimes", 2),
            ("anyone", 3),
            ("being", 2),
            ("going", 2),
            ("saying", 2),
            ("thing", 1),
            ("idea", 3),
            ("area", 3),
            ("contraception", 4),
            ("certificate", 4),
            ("surgery", 3),
            ("advice", 2),
        ];
        let mut wrong = Vec::new();
        for (word, expected) in cases {
            if syllables(word) != expected {
                wrong.push((word, syllables(word), expected));
            }
        }
        assert!(wrong.is_empty(), "(word, counted, expected): {wrong:?}");
    }

    /// The syllables `textstat` gives a token (one word each after punctuation is removed).
    fn token_syllables(token: &str) -> u32 {
        words(token).iter().map(|w| word_syllables(w)).sum()
    }

    #[test]
    fn numbers_and_acronyms_are_one_syllable_as_textstat_counts_them() {
        let cases = [
            ("111", 1),
            ("999", 1),
            ("NHS", 1),
            ("GP", 1),
            ("HC2", 1),
            ("A&E", 1),
            ("GPs", 1),
            ("Is", 1),
            ("follow-up", 3),
            ("£3,000", 1),
            ("—", 0),
        ];
        for (token, expected) in cases {
            assert_eq!(token_syllables(token), expected, "{token}");
        }
    }

    #[test]
    fn sentences_end_at_full_stops_not_at_line_breaks_and_short_pieces_do_not_count() {
        // "g." and "a nurse!" are pieces of two words or fewer; the heading runs on into
        // "Last one." as it does in textstat.
        let r = readability(
            "Call the GP. Ask for help, e.g. a nurse! Is it open?\n\nA heading\n\nLast one.",
        );
        assert_eq!(r.sentences, 4);
        assert_eq!(r.words, 16);
    }

    #[test]
    fn the_demo_articles_score_within_5_points_of_textstat() {
        #[derive(serde::Deserialize)]
        struct Fixture {
            articles: Vec<Scored>,
        }
        #[derive(serde::Deserialize)]
        struct Scored {
            title: String,
            textstat_flesch_reading_ease: f64,
        }
        let fixture: Fixture =
            serde_json::from_str(include_str!("fixtures/textstat-articles.json")).unwrap();
        let articles = super::super::seed::articles().unwrap();
        assert_eq!(fixture.articles.len(), articles.len());
        let mut far = Vec::new();
        for a in &articles {
            let expected = fixture
                .articles
                .iter()
                .find(|f| f.title == a.title)
                .unwrap_or_else(|| panic!("no textstat figure for {}", a.title));
            let ours = article_readability(&a.title, &a.summary, &a.body_markdown).score;
            if (ours - expected.textstat_flesch_reading_ease).abs() > 5.0 {
                far.push((a.title.clone(), ours, expected.textstat_flesch_reading_ease));
            }
        }
        assert!(far.is_empty(), "(title, ours, textstat): {far:?}");
    }

    #[test]
    fn simple_text_scores_high_and_dense_academic_text_scores_low() {
        let simple = "The cat sat on the mat. It was a warm day. The dog ran to the park. \
            He saw a big red ball. He ran home to eat.";
        let dense = "The epistemological ramifications of institutionalised heteronormativity \
            necessitate a comprehensive reconceptualisation of intersubjective phenomenological \
            methodologies, particularly regarding the operationalisation of sociocultural \
            determinants within contemporary organisational administrative infrastructures.";
        assert!(
            flesch_reading_ease(simple) > 80.0,
            "{:?}",
            readability(simple)
        );
        assert!(
            flesch_reading_ease(dense) < 30.0,
            "{:?}",
            readability(dense)
        );
    }

    #[test]
    fn a_passage_counted_by_hand_gets_the_same_counts_and_score() {
        // 31 words, 3 sentences, 35 syllables (GP 1, NHS 1, ID 1, register 3, address 2,
        // number 2): 206.835 − 1.015 × 31/3 − 84.6 × 35/31 = 100.8, as textstat gives it.
        let text = "You can register with a GP near where you live. You do not need proof of \
            address. You do not need to show ID or your NHS number to do this.";
        let r = readability(text);
        assert_eq!((r.words, r.sentences, r.syllables), (31, 3, 35));
        assert_eq!(r.score, 100.8);
        assert!(r.plain_english);
    }

    #[test]
    fn an_article_is_scored_over_title_summary_and_body_without_markup() {
        let r = article_readability(
            "See a GP",
            "How to sign up.",
            "## Steps\n\n1. Find a [GP](https://www.nhs.uk/service-search/find-a-gp).\n2. Fill in the form.",
        );
        // "See a GP" runs on into "How to sign up.", "Steps" into "Find a GP.".
        assert_eq!((r.words, r.sentences), (15, 3));
    }

    proptest::proptest! {
        #[test]
        fn any_text_gets_a_finite_score_and_consistent_counts(text in "\\PC{0,300}") {
            let r = readability(&text);
            proptest::prop_assert!(r.score.is_finite());
            proptest::prop_assert!(r.words == 0 || (r.sentences >= 1 && r.syllables >= r.words));
        }
    }

    #[test]
    fn hard_to_read_fields_are_named_by_path_and_short_or_plain_ones_are_not() {
        let json = serde_json::json!({
            "about": {"name": "Jo"},
            "items": [
                {"notes": "You can see your GP at any time. Ask at the front desk."},
                {"notes": "Comprehensive multidisciplinary reassessment necessitated consideration of pharmacological alternatives."}
            ]
        });
        let found = hard_to_read_fields(&json);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].field, "items[1].notes");
        assert!(found[0].score < YOUNG_PERSON_THRESHOLD);
    }

    #[test]
    fn text_without_words_scores_zero_and_is_not_plain_english() {
        for text in ["", "   ", "— … —", "\n\n"] {
            let r = readability(text);
            assert_eq!(
                (r.score, r.words, r.plain_english),
                (0.0, 0, false),
                "{text:?}"
            );
        }
    }
}
