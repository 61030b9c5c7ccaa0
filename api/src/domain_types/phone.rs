//! Phone numbers: a UK number we can call or text ([`UkPhone`]), and any number a person
//! can dial, short codes included ([`PhoneNumber`]).

use super::{Invalid, text_newtype};

/// What a person reads under any field whose number does not parse as a [`PhoneNumber`] (or,
/// for their own phone, is a short code).
pub const NOT_A_PHONE: &str = "is not a phone number we can use. Write it like 01384 456111";

/// What a person reads under any field whose number does not parse as a [`UkPhone`].
pub const NOT_A_UK_PHONE: &str = "is not a UK phone number. Write it like 01384 456111";

/// A UK phone number in national form (`07700900123`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UkPhone(String);

text_newtype!(UkPhone);

impl UkPhone {
    /// The longest number, in characters, spaces and signs included.
    const MAX_LEN: usize = 30;

    /// What [`UkPhone::parse`] accepts once trimmed (its callers trim), as the contract's
    /// JSON Schema `pattern` (ECMA-262): a national number (`0`, not `00`, then 9 or 10 more
    /// digits), or `+44` / `0044` and maybe `(0)` before the number without its `0`; spaces,
    /// hyphens, dots and brackets anywhere. The length (at most `MAX_LEN`
    /// characters, the spaces around not counted) is left to the server.
    pub const PATTERN: &str = r"^\s*[ ().-]*(?:0[ ().-]*|(?:\+[ ().-]*|0[ ().-]*0[ ().-]*)4[ ().-]*4[ ().-]*(?:0[ ().-]*)?)[1-9][ ().-]*(?:[0-9][ ().-]*){8,9}\s*$";

    /// Spaces, hyphens, dots and brackets are ignored and `+44` / `0044` (with or without
    /// `(0)`) become `0`; what is left must be 10 or 11 digits starting with one `0`.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let invalid = Invalid("a UK phone number");
        if input.chars().count() > Self::MAX_LEN {
            return Err(invalid);
        }
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let national = if let Some(rest) = compact.strip_prefix("+44") {
            format!("0{}", rest.strip_prefix('0').unwrap_or(rest))
        } else if let Some(rest) = compact.strip_prefix("0044") {
            format!("0{}", rest.strip_prefix('0').unwrap_or(rest))
        } else {
            compact
        };
        let digits_only = national.chars().all(|c| c.is_ascii_digit());
        let right_length = (10..=11).contains(&national.len());
        if digits_only && right_length && national.starts_with('0') && !national.starts_with("00") {
            Ok(Self(national))
        } else {
            Err(invalid)
        }
    }

    /// Whether this is a mobile number, which is what a text message needs.
    pub fn is_mobile(&self) -> bool {
        self.0.len() == 11 && self.0.starts_with("07")
    }

    /// Spaced for reading: `01384 456111`, `07700 900123`, `0121 496 0101`, `020 7946 0000`.
    pub fn spaced(&self) -> String {
        let national = &self.0;
        let split = |at: &[usize]| {
            let mut out = String::new();
            for (i, c) in national.chars().enumerate() {
                if at.contains(&i) {
                    out.push(' ');
                }
                out.push(c);
            }
            out
        };
        let area_of_four = national.starts_with("03")
            || national.starts_with("08")
            || national.get(1..4).is_some_and(|p| p.ends_with('1'));
        if national.len() == 11 && national.starts_with("02") {
            split(&[3, 7])
        } else if national.len() == 11 && area_of_four {
            split(&[4, 7])
        } else if national.len() == 11 {
            split(&[5])
        } else {
            national.clone()
        }
    }
}

/// A number a person can dial, UK or international, short codes (`111`, `116 123`)
/// included: trimmed, otherwise as typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

text_newtype!(PhoneNumber);

impl PhoneNumber {
    /// The longest number, in characters, spaces and signs included.
    const MAX_LEN: usize = 30;

    /// What [`PhoneNumber::parse`] accepts, as the contract's JSON Schema `pattern`
    /// (ECMA-262): maybe a `+`, then 3 to 15 digits with spaces, hyphens and brackets among
    /// them, with spaces around. The length (at most `MAX_LEN`
    /// characters, the spaces around not counted) is left to the server.
    pub const PATTERN: &str = r"^\s*\+?[ ()-]*(?:[0-9][ ()-]*){3,15}\s*$";

    /// [`Self::PATTERN`] for a whole number ([`Self::is_full_number`]): 10 to 15 digits.
    pub const FULL_PATTERN: &str = r"^\s*\+?[ ()-]*(?:[0-9][ ()-]*){10,15}\s*$";

    /// Digits with spaces, hyphens and brackets and maybe a leading `+`: 3 to 15 digits, 30
    /// characters at most.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let number = input.trim();
        let body = number.strip_prefix('+').unwrap_or(number);
        let digits = number.chars().filter(char::is_ascii_digit).count();
        let ok = number.chars().count() <= Self::MAX_LEN
            && (3..=15).contains(&digits)
            && body
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'));
        if ok {
            Ok(Self(number.to_owned()))
        } else {
            Err(Invalid("a phone number"))
        }
    }

    /// Whether this is a whole number someone can be reached on (10 digits or more), not a
    /// short code such as 111.
    pub fn is_full_number(&self) -> bool {
        self.0.chars().filter(char::is_ascii_digit).count() >= 10
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn national(input: &str) -> Option<String> {
        UkPhone::parse(input).ok().map(String::from)
    }

    #[test]
    fn a_uk_phone_is_stored_in_national_form() {
        let cases = [
            ("07700 900123", Some("07700900123")),
            ("+44 7700 900123", Some("07700900123")),
            ("+44 (0)7700 900123", Some("07700900123")),
            ("0044 7700-900-123", Some("07700900123")),
            ("+44 1384 456111", Some("01384456111")),
            ("01384 818181", Some("01384818181")),
            ("0300 555 0050", Some("03005550050")),
            ("123", None),
            ("12345", None),
            ("07700 90012345", None),
            ("0770O 900123", None),
            ("+1 202 555 0143", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(national(input).as_deref(), expected, "{input:?}");
        }
    }

    #[test]
    fn only_a_uk_mobile_can_receive_texts() {
        let mobile = |input: &str| UkPhone::parse(input).is_ok_and(|p| p.is_mobile());
        assert!(mobile("07700 900123"));
        assert!(mobile("+447700900123"));
        assert!(!mobile("01384 818181"));
        assert!(!mobile("not a number"));
    }

    #[test]
    fn a_uk_phone_is_spaced_for_reading() {
        let cases = [
            ("01384456111", "01384 456111"),
            ("01214960101", "0121 496 0101"),
            ("02079460000", "020 7946 0000"),
            ("07700900123", "07700 900123"),
            ("03001234567", "0300 123 4567"),
            ("0138445611", "0138445611"),
        ];
        for (stored, shown) in cases {
            let phone = UkPhone::parse(stored).expect(stored);
            assert_eq!(phone.spaced(), shown);
        }
    }

    #[test]
    fn a_phone_number_is_anything_dialable_short_codes_included() {
        let cases = [
            ("07700 900123", true),
            ("111", true),
            ("116 123", true),
            ("+44 (0)121 496 0101", true),
            (" 01384 000000 ", true),
            ("+1-202-555-0143", true),
            ("12", false),
            ("call the office", false),
            ("ring me", false),
            ("0121+496", false),
            ("1234567890123456", false),
            ("1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6", false),
        ];
        for (input, ok) in cases {
            assert_eq!(PhoneNumber::parse(input).is_ok(), ok, "{input:?}");
        }
    }

    #[test]
    fn a_phone_number_is_stored_trimmed_but_otherwise_as_typed() {
        let number = PhoneNumber::parse(" 07700 900999 ").map(String::from);
        assert_eq!(number, Ok("07700 900999".to_owned()));
    }

    #[test]
    fn a_short_code_is_not_a_full_number_to_reach_a_person_on() {
        let full = |input: &str| PhoneNumber::parse(input).is_ok_and(|p| p.is_full_number());
        assert!(full("07700 900123"));
        assert!(full("+1 202 555 0143"));
        assert!(!full("111"));
        assert!(!full("116 123"));
    }
}
