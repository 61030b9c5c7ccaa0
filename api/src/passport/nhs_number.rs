//! NHS number format and modulus 11 check digit.
//!
//! An NHS number is 10 digits; the last is a check digit computed over the first nine
//! (weights 10 down to 2, `11 - sum % 11`, where 11 means 0 and 10 means the number is invalid).
//! People write it as `9434765919` or grouped 3-3-4 as `943 476 5919`; both are accepted.

/// Whether `s` is a valid NHS number (10 digits, optionally grouped 3-3-4 with single spaces,
/// correct check digit).
/// The shape [`normalise_nhs_number`] accepts, as the contract's JSON Schema `pattern`
/// (ECMA-262): ten digits, or 3-3-4 digits with single spaces, spaces around allowed. The check
/// digit (and "not all the same digit") is left to the server.
pub const NHS_NUMBER_PATTERN: &str = r"^\s*(?:[0-9]{10}|[0-9]{3} [0-9]{3} [0-9]{4})\s*$";

pub fn is_valid_nhs_number(s: &str) -> bool {
    normalise_nhs_number(s).is_some()
}

/// The 10-digit form of a valid NHS number (`"943 476 5919"` gives `"9434765919"`), or `None`
/// when it is malformed or fails the check digit.
///
/// Ten identical digits (`0000000000`, `1111111111`) pass the arithmetic for some digits but are
/// placeholders typed when the number is unknown, so they are rejected as well.
pub fn normalise_nhs_number(s: &str) -> Option<String> {
    let s = s.trim();
    let bytes = s.as_bytes();
    let digits: Vec<u8> = match bytes.len() {
        10 => bytes.to_vec(),
        12 if bytes[3] == b' ' && bytes[7] == b' ' => bytes
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 3 && *i != 7)
            .map(|(_, b)| *b)
            .collect(),
        _ => return None,
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let values: Vec<u32> = digits.iter().map(|b| u32::from(b - b'0')).collect();
    if values.iter().all(|v| *v == values[0]) {
        return None;
    }
    let sum: u32 = values[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(digit, weight)| digit * weight)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return None,
        c => c,
    };
    (check == values[9]).then(|| values.iter().map(|v| char::from(b'0' + *v as u8)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_are_accepted_plain_or_grouped_3_3_4() {
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
            assert!(is_valid_nhs_number(input), "{input} should be valid");
            assert_eq!(normalise_nhs_number(input).as_deref(), Some(expected));
        }
    }

    #[test]
    fn malformed_or_wrong_check_digit_numbers_are_rejected() {
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
                !is_valid_nhs_number(input),
                "{input:?} ({why}) should be invalid"
            );
            assert_eq!(normalise_nhs_number(input), None, "{why}");
        }
    }
}
