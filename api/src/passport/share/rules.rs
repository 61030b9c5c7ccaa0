//! The rules of a share link, as plain functions: how long it may last, when it opens, and
//! when it locks.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::Serialize;
use utoipa::ToSchema;

use crate::passport::model::SectionId;

/// A link lasts at least an hour.
pub const MIN_HOURS: u32 = 1;
/// A link lasts at most 30 days.
pub const MAX_HOURS: u32 = 30 * 24;
/// The fifth wrong passcode locks the link for good.
pub const MAX_WRONG_PASSCODES: i32 = 5;

/// Whether a link can still be opened, as the young person's list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// Opens with the passcode until it expires.
    Active,
    Expired,
    /// The young person stopped it.
    Revoked,
    /// Five wrong passcodes were typed.
    Locked,
}

/// What the stored link says, without the database.
#[derive(Debug, Clone, Copy)]
pub struct LinkState {
    pub expires_at: DateTime<Utc>,
    pub revoked: bool,
    pub locked: bool,
}

/// Revoked beats locked beats expired: the young person's own act is what they remember.
pub fn status(link: LinkState, now: DateTime<Utc>) -> LinkStatus {
    if link.revoked {
        LinkStatus::Revoked
    } else if link.locked {
        LinkStatus::Locked
    } else if now >= link.expires_at {
        LinkStatus::Expired
    } else {
        LinkStatus::Active
    }
}

/// The expiry for a link made `now` to last `hours`, or why not.
pub fn expiry(now: DateTime<Utc>, hours: u32) -> Result<DateTime<Utc>, &'static str> {
    if !(MIN_HOURS..=MAX_HOURS).contains(&hours) {
        return Err("choose between 1 hour and 30 days (720 hours)");
    }
    Ok(now + Duration::hours(i64::from(hours)))
}

/// The sections to share, in passport order without repeats, or why not.
pub fn chosen_sections(sections: &[SectionId]) -> Result<Vec<SectionId>, &'static str> {
    let chosen: Vec<SectionId> = SectionId::ALL
        .into_iter()
        .filter(|s| sections.contains(s))
        .collect();
    if chosen.is_empty() {
        return Err("choose at least one section to share");
    }
    Ok(chosen)
}

/// Whether this many wrong passcodes lock the link.
pub fn locks_after(wrong: i32) -> bool {
    wrong >= MAX_WRONG_PASSCODES
}

/// A fresh 6-digit passcode (leading zeros kept).
pub fn new_passcode() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000))
}

/// Whether `text` looks like a passcode: exactly 6 digits.
pub fn is_passcode(text: &str) -> bool {
    text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 3, hour, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn a_link_lasts_between_one_hour_and_thirty_days() {
        let cases = [(0, false), (1, true), (24, true), (720, true), (721, false)];
        for (hours, ok) in cases {
            assert_eq!(expiry(at(9), hours).is_ok(), ok, "{hours} hours");
        }
        assert_eq!(expiry(at(9), 1), Ok(at(10)));
    }

    #[test]
    fn status_puts_revoked_before_locked_before_expired() {
        let state = |revoked, locked, expires| LinkState {
            expires_at: at(expires),
            revoked,
            locked,
        };
        let cases = [
            (state(false, false, 12), LinkStatus::Active),
            (state(false, false, 10), LinkStatus::Expired),
            (state(false, true, 12), LinkStatus::Locked),
            (state(true, true, 10), LinkStatus::Revoked),
        ];
        for (link, expected) in cases {
            assert_eq!(status(link, at(10)), expected, "{link:?}");
        }
    }

    #[test]
    fn the_fifth_wrong_passcode_locks() {
        let locked: Vec<bool> = (1..=6).map(locks_after).collect();
        assert_eq!(locked, [false, false, false, false, true, true]);
    }

    #[test]
    fn passcodes_are_six_digits() {
        for _ in 0..50 {
            assert!(is_passcode(&new_passcode()));
        }
        for bad in ["12345", "1234567", "12a456", "", "١٢٣٤٥٦"] {
            assert!(!is_passcode(bad), "{bad}");
        }
    }

    #[test]
    fn chosen_sections_keep_passport_order_and_need_one() {
        let chosen = chosen_sections(&[
            SectionId::Allergies,
            SectionId::Medicines,
            SectionId::Allergies,
        ]);
        assert_eq!(chosen, Ok(vec![SectionId::Medicines, SectionId::Allergies]));
        assert!(chosen_sections(&[]).is_err());
    }
}
