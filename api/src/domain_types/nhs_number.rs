//! NHS numbers: format and modulus 11 check digit.
//!
//! An NHS number is 10 digits; the last is a check digit computed over the first nine
//! (weights 10 down to 2, `11 - sum % 11`, where 11 means 0 and 10 means the number is invalid).
//! People write it as `9434765919` or grouped 3-3-4 as `943 476 5919`; both are accepted.

use super::{Invalid, text_newtype};

/// A valid NHS number as its ten digits (`943 476 5919` is `9434765919`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NhsNumber(String);

text_newtype!(NhsNumber);

impl NhsNumber {
    /// The shape [`NhsNumber::parse`] accepts, as the contract's JSON Schema `pattern`
    /// (ECMA-262): ten digits, or 3-3-4 digits with single spaces, spaces around allowed. The
    /// check digit (and "not all the same digit") is left to the server.
    pub const PATTERN: &str = r"^\s*(?:[0-9]{10}|[0-9]{3} [0-9]{3} [0-9]{4})\s*$";

    /// Ten digits, or 3-3-4 with single spaces, spaces around allowed, with a correct check
    /// digit.
    ///
    /// Ten identical digits (`0000000000`, `1111111111`) pass the arithmetic for some digits
    /// but are placeholders typed when the number is unknown, so they are refused as well.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let invalid = Invalid("an NHS number");
        let bytes = input.trim().as_bytes();
        let digits: Vec<u8> = match bytes.len() {
            10 => bytes.to_vec(),
            12 if bytes[3] == b' ' && bytes[7] == b' ' => bytes
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 3 && *i != 7)
                .map(|(_, b)| *b)
                .collect(),
            _ => return Err(invalid),
        };
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(invalid);
        }
        let values: Vec<u32> = digits.iter().map(|b| u32::from(b - b'0')).collect();
        if values.iter().all(|v| *v == values[0]) {
            return Err(invalid);
        }
        let sum: u32 = values[..9]
            .iter()
            .zip((2..=10).rev())
            .map(|(digit, weight)| digit * weight)
            .sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => return Err(invalid),
            c => c,
        };
        if check == values[9] {
            Ok(Self(String::from_utf8_lossy(&digits).into_owned()))
        } else {
            Err(invalid)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_nhs_number_is_stored_as_ten_digits_whether_typed_plain_or_grouped_3_3_4() {
        let cases = [
            ("9434765919", "9434765919"),
            ("943 476 5919", "9434765919"),
            ("  943 476 5919 ", "9434765919"),
            ("4010232137", "4010232137"),
            ("9990000018", "9990000018"),
            ("999 765 4323", "9997654323"),
            ("9999999980", "9999999980"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                NhsNumber::parse(input).map(String::from),
                Ok(expected.to_owned()),
                "{input}"
            );
        }
    }

    #[test]
    fn an_nhs_number_that_is_malformed_or_fails_its_check_digit_is_refused() {
        let cases = [
            ("9434765918", "wrong check digit"),
            ("9434765910", "wrong check digit"),
            ("9991234560", "check digit would be 10"),
            ("1234567890", "check digit would be 10"),
            ("943476591", "nine digits"),
            ("94347659190", "eleven digits"),
            ("943-476-5919", "hyphens"),
            ("9434 765 919", "spaces in the wrong place"),
            ("943  476 5919", "double space"),
            ("943 4765919", "only one group separator"),
            ("abcdefghij", "letters"),
            ("９４３４７６５９１９", "full-width digits"),
            ("", "empty"),
            ("0000000000", "placeholder zeros"),
            ("1111111111", "placeholder ones"),
        ];
        for (input, why) in cases {
            assert!(
                NhsNumber::parse(input).is_err(),
                "{input:?} ({why}) should be invalid"
            );
        }
    }
}
