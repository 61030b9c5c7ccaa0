//! The words a young person reads, in one place: error wording (`errors`), the labels of every
//! enum they meet (`labels`) and the glossary (`glossary`). Texts that belong to a domain
//! (e-mail templates, eligibility answers, access-log lines, Chances4YOUth and finder texts,
//! demo content) stay beside their code; [`young_person_texts`] collects every one of them,
//! and the test below holds each to Flesch reading ease 70 (`content::readability`).
pub mod errors;
pub mod glossary;
pub mod labels;

/// A day as everyone reads it: "1 March 2027" (for a stored instant, its UTC day).
pub fn long_date(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod registry;

#[cfg(test)]
pub use registry::young_person_texts;

#[cfg(test)]
mod tests {
    use crate::content::readability::{
        YOUNG_PERSON_MIN_WORDS, YOUNG_PERSON_THRESHOLD, readability,
    };

    #[test]
    fn every_text_a_young_person_reads_reaches_reading_ease_70() {
        let texts = super::young_person_texts();
        // The registry really reaches every domain (a guard against an empty collection).
        for source in [
            "error",
            "label",
            "glossary",
            "e-mail",
            "eligibility",
            "access log",
            "chances4youth",
            "finder",
            "article",
            "service",
            "link",
        ] {
            assert!(
                texts.iter().any(|(s, _)| s.starts_with(source)),
                "nothing collected from {source}"
            );
        }
        let mut hard: Vec<String> = texts
            .iter()
            .filter_map(|(source, text)| {
                let r = readability(text);
                (r.words >= YOUNG_PERSON_MIN_WORDS && r.score < YOUNG_PERSON_THRESHOLD)
                    .then(|| format!("{:>5.1}  {source}: {text}", r.score))
            })
            .collect();
        hard.sort();
        hard.dedup();
        assert!(
            hard.is_empty(),
            "{} of {} texts score under {YOUNG_PERSON_THRESHOLD}:\n{}",
            hard.len(),
            texts.len(),
            hard.join("\n")
        );
    }
}
