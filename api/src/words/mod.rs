//! The words a young person reads, in one place: error wording (`errors`), the labels of every
//! enum they meet (`labels`) and the glossary (`glossary`). Texts that belong to a domain
//! (e-mail templates, eligibility answers, access-log lines, Chances4YOUth and finder texts,
//! demo content) stay beside their code; [`young_person_texts`] collects every one of them,
//! and the test below holds each to Flesch reading ease 70 (`content::readability`).
pub mod errors;
pub mod glossary;
pub mod labels;

/// A day as everyone reads it: "1 March 2027". For a stored instant use [`long_day`].
pub fn long_date(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// The day of a stored instant in England, in words: "1 March 2027". Between midnight and
/// 1 a.m. in summer the UTC day is still the day before; readers here live on UK time.
pub fn long_day(at: &chrono::DateTime<chrono::Utc>) -> String {
    long_date(crate::age::uk_date(*at))
}

/// A stored instant as a date and time in England, for staff tables: "1 Mar 2027 14:05"
/// (British Summer Time in summer, as the clocks on the wall show).
pub fn uk_time(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::London)
        .format("%-d %b %Y %H:%M")
        .to_string()
}

#[cfg(test)]
mod registry;

#[cfg(test)]
pub use registry::young_person_texts;

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

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

    #[test]
    fn a_stored_instant_reads_as_its_day_and_time_in_england() {
        // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
        let summer_night = Utc.with_ymd_and_hms(2027, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(super::long_day(&summer_night), "1 July 2027");
        assert_eq!(super::uk_time(&summer_night), "1 Jul 2027 00:30");
        // In winter the UK is on UTC.
        let winter_night = Utc.with_ymd_and_hms(2027, 1, 31, 23, 30, 0).unwrap();
        assert_eq!(super::long_day(&winter_night), "31 January 2027");
        assert_eq!(super::uk_time(&winter_night), "31 Jan 2027 23:30");
    }
}
