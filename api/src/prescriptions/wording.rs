//! Plain-English wording: dates, money and next steps a 16-year-old understands.

use chrono::NaiveDate;

use super::answer::{ChargeInfo, Route};

/// Where to find a GP to register with.
pub const GP_FINDER_LINK: &str = "/v1/practices/nearby?kind=gp";

pub use crate::words::long_date;

/// "£9.90" from 990 pence.
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    format!("{sign}£{}.{:02}", pence / 100, pence % 100)
}

/// "18th", "21st", "22nd", "23rd".
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "Dudley, Sandwell, Walsall or Wolverhampton" from lower-case council names.
pub fn councils_list(councils: &[String]) -> String {
    let names: Vec<String> = councils.iter().map(|c| title_case(c)).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The fewest items for which a prepayment certificate costs less than paying per item.
pub fn items_to_save(certificate_pence: i64, item_pence: i64) -> i64 {
    if item_pence <= 0 {
        return 0;
    }
    certificate_pence / item_pence + 1
}

/// Next step when a national exemption (or a national care-leaver entitlement) applies.
pub fn free_next_step(first: &Route, ends_on: Option<NaiveDate>) -> String {
    let mut text = format!(
        "You don't have to pay for prescriptions. {}",
        first.evidence
    );
    if let Some(last_day) = ends_on {
        text.push_str(&format!(
            " This lasts up to and including {}.",
            long_date(last_day)
        ));
    }
    text
}

/// Next step for someone who already holds a certificate from the care leavers' scheme.
pub fn certificate_held_next_step(
    expires_on: NaiveDate,
    renewal: &super::renewal::Renewal,
) -> String {
    use super::renewal::Renewal;
    let mut text = format!(
        "You already get free prescriptions until {}. Show your certificate, or tick its box on \
         the back of the form.",
        long_date(expires_on)
    );
    match renewal {
        Renewal::Open { .. } => text.push_str(
            " It ends soon. If you still need it, you can ask for a new one now in this app.",
        ),
        Renewal::TooEarly { opens_on, .. } => text.push_str(&format!(
            " From {}, you can ask for a new one in this app.",
            long_date(*opens_on)
        )),
        Renewal::NoCertificate => {}
    }
    text
}

/// Next step when paying, with the prices in force.
pub fn paying_next_step(charges: &ChargeInfo) -> String {
    if let Some(until) = charges.prepaid_until {
        return format!(
            "You don't get free prescriptions. But your prepayment certificate means you pay \
             nothing for them up to and including {}. Get a new one before then if you still \
             need medicine often.",
            long_date(until)
        );
    }
    format!(
        "You pay {} for each item on a prescription. If you need {} or more items in 3 months, \
         or {} or more in 12 months, a prepayment certificate saves money: it costs {} for 3 \
         months or {} for 12 months. If money is tight, you may get help through the NHS Low \
         Income Scheme (form HC1).",
        pounds(charges.item_pence),
        items_to_save(charges.ppc_3_month_pence, charges.item_pence),
        items_to_save(charges.ppc_12_month_pence, charges.item_pence),
        pounds(charges.ppc_3_month_pence),
        pounds(charges.ppc_12_month_pence),
    )
}

/// Next step for a care leaver who only needs to register with a GP.
pub fn register_with_gp_next_step() -> String {
    "Register with a GP (a doctor's surgery) first. You can find one near you in this app. Once \
     you are registered, check again: you could then get free prescriptions through the care \
     leavers' scheme."
        .to_string()
}

/// Next step while we still need answers.
pub fn questions_next_step(scheme_would_apply: bool, needs_gp: bool) -> String {
    let mut text =
        String::from("We need a few more answers to check. Please answer the questions below.");
    if scheme_would_apply {
        text.push_str(
            " You can get free prescriptions through the care leavers' scheme if you don't \
             already get them free another way.",
        );
    }
    if needs_gp {
        text.push_str(
            " To use the care leavers' scheme you also need to register with a GP first.",
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_dates_read_the_way_people_write_them() {
        assert_eq!(pounds(990), "£9.90");
        assert_eq!(pounds(11450), "£114.50");
        assert_eq!(pounds(5), "£0.05");
        assert_eq!(pounds(-250), "-£2.50");
        let date = NaiveDate::from_ymd_opt(2027, 3, 1).expect("valid date");
        assert_eq!(long_date(date), "1 March 2027");
    }

    #[test]
    fn ordinals_get_the_teens_right() {
        let cases = [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (11, "11th"),
            (12, "12th"),
            (18, "18th"),
        ];
        for (n, expected) in cases
            .into_iter()
            .chain([(21, "21st"), (25, "25th"), (113, "113th")])
        {
            assert_eq!(ordinal(n), expected);
        }
    }

    #[test]
    fn a_prepayment_certificate_pays_off_from_4_items_in_3_months_and_12_in_a_year() {
        assert_eq!(items_to_save(3205, 990), 4);
        assert_eq!(items_to_save(11450, 990), 12);
        assert_eq!(
            items_to_save(1980, 990),
            3,
            "equal cost saves nothing, so one more item"
        );
        assert_eq!(items_to_save(100, 0), 0);
    }

    #[test]
    fn council_lists_are_title_cased_and_joined_with_or() {
        let councils: Vec<String> = ["dudley", "sandwell", "walsall", "wolverhampton"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            councils_list(&councils),
            "Dudley, Sandwell, Walsall or Wolverhampton"
        );
        assert_eq!(councils_list(&["dudley".to_string()]), "Dudley");
        assert_eq!(councils_list(&[]), "");
    }
}
