//! The plain-English check: Flesch reading ease over an article's title, summary and body.
//!
//! 206.835 − 1.015 × (words ÷ sentences) − 84.6 × (syllables ÷ words). Higher is easier;
//! 60–70 is plain English, most people read 80+ easily, academic papers score under 30.

use serde::Serialize;
use utoipa::ToSchema;

use super::markdown::to_plain_text;

/// Articles scoring below this need the nurse to confirm before publishing.
pub const PLAIN_ENGLISH_THRESHOLD: f64 = 60.0;

/// Common abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: [&str; 12] = [
    "e.g.", "i.e.", "etc.", "eg.", "ie.", "dr.", "mr.", "mrs.", "ms.", "st.", "no.", "approx.",
];

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

/// Scores plain text. Blank lines separate blocks; a block (a heading, a list item) that does
/// not end in `.`, `!` or `?` still counts as one sentence.
pub fn readability(text: &str) -> Readability {
    let (mut words, mut sentences, mut syllables) = (0u32, 0u32, 0u32);
    for block in text.split("\n\n") {
        let mut open_sentence = false;
        for token in block.split_whitespace() {
            let Some(count) = token_syllables(token) else {
                continue;
            };
            words += 1;
            syllables += count;
            open_sentence = true;
            if ends_sentence(token) {
                sentences += 1;
                open_sentence = false;
            }
        }
        if open_sentence {
            sentences += 1;
        }
    }
    let score = if words == 0 {
        0.0
    } else {
        let (w, s, y) = (f64::from(words), f64::from(sentences), f64::from(syllables));
        let raw = 206.835 - 1.015 * (w / s) - 84.6 * (y / w);
        (raw * 10.0).round() / 10.0
    };
    Readability {
        score,
        words,
        sentences,
        syllables,
        plain_english: words > 0 && score >= PLAIN_ENGLISH_THRESHOLD,
    }
}

/// Flesch reading ease of plain text (0 when it has no words).
pub fn flesch_reading_ease(text: &str) -> f64 {
    readability(text).score
}

fn ends_sentence(token: &str) -> bool {
    let bare = token.trim_end_matches(['"', '\'', '’', '”', ')', ']', '*', '_']);
    let ends = bare.ends_with(['.', '!', '?']);
    ends && !ABBREVIATIONS.contains(&bare.to_lowercase().as_str())
}

/// Syllables in a whitespace-separated token, or `None` if it is not a word (punctuation,
/// a lone symbol). Numbers count one syllable per digit, as they are read ("111" is
/// "one one one"); acronyms in capitals are spelt out ("NHS", "GP").
fn token_syllables(token: &str) -> Option<u32> {
    let word = token.trim_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() {
        return None;
    }
    let total = word
        .split(['-', '/', '–'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let digits = part.chars().filter(char::is_ascii_digit).count() as u32;
            let letters: String = part.chars().filter(|c| c.is_alphabetic()).collect();
            // A plural acronym ("GPs", "STIs") is spelt out too; its "s" joins the last letter.
            let singular = letters.strip_suffix('s').unwrap_or(&letters);
            let spelt = singular.chars().count() as u32;
            let is_acronym = (2..=5).contains(&spelt) && singular.chars().all(char::is_uppercase);
            let letter_syllables = match letters.len() {
                0 => 0,
                _ if is_acronym => spelt,
                _ => syllables(&letters),
            };
            (digits.min(4) + letter_syllables).max(1)
        })
        .sum();
    Some(total)
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

    #[test]
    fn numbers_and_acronyms_are_counted_as_they_are_said() {
        let cases = [
            ("111", 3),
            ("999", 3),
            ("NHS", 3),
            ("GP", 2),
            ("A&E", 2),
            ("GPs", 2),
            ("STIs", 3),
            ("Is", 1),
            ("follow-up", 3),
            ("£3,000", 4),
            ("—", 0),
        ];
        for (token, expected) in cases {
            assert_eq!(token_syllables(token).unwrap_or(0), expected, "{token}");
        }
    }

    #[test]
    fn sentences_end_at_full_stops_and_block_ends_but_not_abbreviations() {
        let r = readability(
            "Call the GP. Ask for help, e.g. a nurse! Is it open?\n\nA heading\n\nLast one.",
        );
        assert_eq!(r.sentences, 5);
        assert_eq!(r.words, 16);
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
        // 31 words, 3 sentences, 39 syllables (GP 2, NHS 3, ID 2, register 3, address 2,
        // number 2): 206.835 − 1.015 × 31/3 − 84.6 × 39/31 = 89.9.
        let text = "You can register with a GP near where you live. You do not need proof of \
            address. You do not need to show ID or your NHS number to do this.";
        let r = readability(text);
        assert_eq!((r.words, r.sentences, r.syllables), (31, 3, 39));
        assert_eq!(r.score, 89.9);
        assert!(r.plain_english);
    }

    #[test]
    fn an_article_is_scored_over_title_summary_and_body_without_markup() {
        let r = article_readability(
            "See a GP",
            "How to sign up.",
            "## Steps\n\n1. Find a [GP](https://www.nhs.uk/service-search/find-a-gp).\n2. Fill in the form.",
        );
        assert_eq!((r.words, r.sentences), (15, 5));
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
