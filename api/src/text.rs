//! The one rule for free text a person types (a form field or a JSON string), shared by the
//! domains that store it.
use crate::error::FieldError;

/// `field`'s error if `value` is longer than `max` characters or holds control characters
/// other than newlines and tabs (PostgreSQL cannot even store a NUL); `None` if it is fine.
pub fn check_free_text(field: &str, value: &str, max: usize) -> Option<FieldError> {
    if value.chars().count() > max {
        Some(FieldError::new(
            field,
            format!("must be {max} characters or fewer"),
        ))
    } else if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        Some(FieldError::new(
            field,
            "contains characters that are not allowed",
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_is_refused_when_too_long_or_holding_control_characters() {
        let cases = [
            ("Lighthouse Links", None),
            ("two lines\r\nand a\ttab", None),
            (
                "abcdefghijklmnopqrstu",
                Some("must be 20 characters or fewer"),
            ),
            (
                "a NUL \0 here",
                Some("contains characters that are not allowed"),
            ),
            (
                "a bell \u{7}",
                Some("contains characters that are not allowed"),
            ),
        ];
        for (value, expected) in cases {
            let got = check_free_text("note", value, 20);
            assert_eq!(
                got.as_ref().map(|e| e.message.as_str()),
                expected,
                "{value:?}"
            );
            if let Some(e) = got {
                assert_eq!(e.field, "note");
            }
        }
    }

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        assert_eq!(check_free_text("name", "Zoë Brontë", 10), None);
    }
}
