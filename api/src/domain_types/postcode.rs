//! UK postcodes, in any case and spacing people type them.

use crate::error::FieldError;

use super::text_newtype;

/// A well-formed UK postcode in its usual written form: upper case, one space before the
/// last three characters ("DY1 1HF").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(String);

text_newtype!(Postcode);

impl Postcode {
    /// The shape [`Postcode::parse`] accepts, as the contract's JSON Schema `pattern`
    /// (ECMA-262): any case and spacing, an outward code of one or two letters, a digit and
    /// maybe a letter or digit (or `GIR`), then a digit and two letters. The parser also
    /// refuses letters the Royal Mail never uses in some places (Q, V, X first; C, I, K, M, O,
    /// V in the inward code), which the pattern leaves to the server.
    pub const PATTERN: &str = r"^\s*(?:[A-Za-z]\s*[A-Za-z]?\s*[0-9]\s*[A-Za-z0-9]?|[Gg]\s*[Ii]\s*[Rr])\s*[0-9]\s*[A-Za-z]\s*[A-Za-z]\s*$";

    /// Normalises any case and spacing ("dy11hf", " Dy1  1hf ") and checks the UK format.
    /// Errors name the field `postcode`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.is_empty() {
            return Err(FieldError::new("postcode", "Enter a postcode."));
        }
        let malformed = || {
            FieldError::new(
                "postcode",
                "This is not a UK postcode. Check it and try again, for example DY1 1HF.",
            )
        };
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(malformed());
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        if !is_outcode(outward) || !is_inward(inward) {
            return Err(malformed());
        }
        Ok(Self(format!("{outward} {inward}")))
    }

    /// The outward code (postcode district), e.g. "DY1" for "DY1 1HF".
    pub fn outcode(&self) -> &str {
        self.0.split(' ').next().unwrap_or_default()
    }
}

/// Outward code shapes A9, A99, AA9, AA99, A9A, AA9A with the letters Royal Mail uses in
/// each position, plus the special GIR; `s` in upper case.
pub(crate) fn is_outcode(s: &str) -> bool {
    let b = s.as_bytes();
    let first = |c: u8| c.is_ascii_uppercase() && !b"QVX".contains(&c);
    let second = |c: u8| c.is_ascii_uppercase() && !b"IJZ".contains(&c);
    let digit = |c: u8| c.is_ascii_digit();
    match *b {
        [b'G', b'I', b'R'] => true,
        [a, n] => first(a) && digit(n),
        [a, x, y] => {
            let a9x = digit(x) && (digit(y) || b"ABCDEFGHJKPSTUW".contains(&y));
            first(a) && (a9x || second(x) && digit(y))
        }
        [a, l, n, x] => {
            first(a) && second(l) && digit(n) && (digit(x) || b"ABEHMNPRVWXY".contains(&x))
        }
        _ => false,
    }
}

/// Inward code: a digit and two letters, never C, I, K, M, O or V.
fn is_inward(s: &str) -> bool {
    let letter = |c: u8| c.is_ascii_uppercase() && !b"CIKMOV".contains(&c);
    matches!(*s.as_bytes(), [n, x, y] if n.is_ascii_digit() && letter(x) && letter(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postcode_is_stored_in_upper_case_with_one_space_whatever_the_case_and_spacing() {
        for (input, expected) in [
            ("DY1 1HF", "DY1 1HF"),
            ("dy11hf", "DY1 1HF"),
            ("  Dy1   1hF ", "DY1 1HF"),
            ("b11aa", "B1 1AA"),
            ("ws13 6pz", "WS13 6PZ"),
            ("sw1a1aa", "SW1A 1AA"),
            ("W1D 3QF", "W1D 3QF"),
            ("M1\t1AE", "M1 1AE"),
            ("gir0aa", "GIR 0AA"),
        ] {
            assert_eq!(
                Postcode::parse(input).map(String::from),
                Ok(expected.into()),
                "{input}"
            );
        }
    }

    #[test]
    fn a_malformed_postcode_is_refused_naming_the_postcode_field() {
        for input in [
            "", "   ", "DY1", "DY1 1H", "DY11 HF1", "1Y1 1HF", "QY1 1HF", "DYY 1HF", "DY1 1CF",
            "DY1 1HFF", "D 1HF", "DÜ1 1HF", "DY1-1HF", "AB1C 1AA", "A1Z 1AA",
        ] {
            let error = Postcode::parse(input).expect_err(input);
            assert_eq!(error.field, "postcode", "{input}");
        }
    }

    #[test]
    fn the_outcode_is_everything_before_the_space() {
        for (input, outcode) in [("dy11hf", "DY1"), ("WS136PZ", "WS13"), ("EC1A 1BB", "EC1A")] {
            assert_eq!(
                Postcode::parse(input).map(|p| p.outcode().to_owned()),
                Ok(outcode.into())
            );
        }
    }
}
