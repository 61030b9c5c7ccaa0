//! NHS Organisation Data Service codes, such as `M87025` (a GP) or `V03347` (a dentist).

use super::{Invalid, text_newtype};

/// An ODS organisation code in upper case (`m87025` is `M87025`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OdsCode(String);

text_newtype!(OdsCode);

impl OdsCode {
    /// What [`OdsCode::parse`] accepts, as the contract's JSON Schema `pattern` (ECMA-262): 3
    /// to 10 letters and digits in any case, with spaces around them.
    pub const PATTERN: &str = r"^\s*[A-Za-z0-9]{3,10}\s*$";

    /// 3 to 10 letters and digits, any case, spaces around allowed.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let code = input.trim().to_ascii_uppercase();
        if (3..=10).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(Self(code))
        } else {
            Err(Invalid("an ODS code"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ods_code_is_stored_trimmed_and_in_upper_case() {
        for (input, code) in [
            (" m87025 ", "M87025"),
            ("m87017", "M87017"),
            ("V03347", "V03347"),
        ] {
            assert_eq!(OdsCode::parse(input).map(String::from), Ok(code.to_owned()));
        }
    }

    #[test]
    fn an_ods_code_is_three_to_ten_letters_and_digits() {
        for bad in [
            "",
            "M8",
            "M8 7",
            "M87 025",
            "M87-025",
            "M87025-X",
            "ABCDEFGHIJK",
            "M87É25",
        ] {
            assert!(OdsCode::parse(bad).is_err(), "{bad:?}");
        }
    }
}
