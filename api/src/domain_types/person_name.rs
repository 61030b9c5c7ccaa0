//! The names people are called by: a young person's name and preferred name, a member of
//! staff's name.

use crate::error::FieldError;

use super::text_newtype;

/// Longest name in characters.
pub const MAX_LEN: usize = 120;

/// A person's name, trimmed: 1 to 120 characters with visible letters, no control or
/// text-direction characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonName(String);

text_newtype!(PersonName);

/// Why a name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("must be 1 to 120 characters")]
    Length,
    #[error("must not contain control characters")]
    ControlCharacters,
    #[error("must not contain text-direction control characters")]
    DirectionCharacters,
    #[error("must contain visible letters")]
    Invisible,
}

impl NameError {
    /// This error under `field`, e.g. `preferred_name`.
    pub fn at(self, field: &str) -> FieldError {
        FieldError::new(field, self.to_string())
    }
}

impl PersonName {
    /// Trims and checks a name; the error says why in words to show under the field.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let name = input.trim();
        if name.is_empty() || name.chars().count() > MAX_LEN {
            return Err(NameError::Length);
        }
        if name.chars().any(char::is_control) {
            return Err(NameError::ControlCharacters);
        }
        // Direction overrides can make a name display as something else (e.g. in a list of
        // staff); a name of only invisible characters looks blank.
        if name.chars().any(is_bidi_control) {
            return Err(NameError::DirectionCharacters);
        }
        if name.chars().all(|c| is_invisible(c) || c.is_whitespace()) {
            return Err(NameError::Invisible);
        }
        Ok(Self(name.to_owned()))
    }
}

/// Unicode bidirectional formatting characters (embeddings, overrides, isolates, marks).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no space: allowed inside a name (some scripts join letters with
/// them) but never as the whole name.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_stored_trimmed_whatever_its_letters() {
        for (input, name) in [(" Zoë O'Brien-Ng ", "Zoë O'Brien-Ng"), ("李小龍", "李小龍")]
        {
            assert_eq!(
                PersonName::parse(input).map(String::from),
                Ok(name.to_owned())
            );
        }
    }

    #[test]
    fn a_name_that_is_blank_too_long_or_hides_its_letters_is_refused_saying_why() {
        let long = "a".repeat(121);
        let cases = [
            ("  ", NameError::Length),
            (long.as_str(), NameError::Length),
            ("Jo\u{7}", NameError::ControlCharacters),
            ("Jo\u{202e}nad", NameError::DirectionCharacters),
            ("\u{2066}Sam", NameError::DirectionCharacters),
            ("\u{200b}", NameError::Invisible),
            ("\u{200b}\u{feff} ", NameError::Invisible),
        ];
        for (input, why) in cases {
            assert_eq!(PersonName::parse(input), Err(why), "{input:?}");
        }
    }

    #[test]
    fn a_refused_name_is_reported_under_the_field_it_came_from() {
        let error = PersonName::parse("").map_err(|e| e.at("preferred_name"));
        assert_eq!(
            error,
            Err(FieldError::new(
                "preferred_name",
                "must be 1 to 120 characters"
            ))
        );
    }
}
