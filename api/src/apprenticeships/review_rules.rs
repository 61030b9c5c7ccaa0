//! What a reviewer's move records beside the new status, checked: where a placement is
//! (directorate and team) and the day a start or an outcome happened. Pure: the directorate
//! list, today and the form's submission day are passed in.
use chrono::NaiveDate;

use super::{
    form::Directorate,
    workflow::{EoiStatus, PlaceRule, place_rule, records_effective_on},
};
use crate::error::FieldError;

/// The longest team name.
pub const MAX_TEAM: usize = 200;

/// What the reviewer sent beside the status (already trimmed; empty is `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given<'a> {
    pub directorate: Option<&'a str>,
    pub team: Option<&'a str>,
    pub effective_on: Option<NaiveDate>,
}

/// Where a placement is, as recorded on the history row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// A directorate id from the live list.
    pub directorate: String,
    pub team: String,
}

/// What the history row records, once checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    pub place: Option<Place>,
    pub effective_on: Option<NaiveDate>,
}

/// The facts a move is checked against.
pub struct Context<'a> {
    /// The live directorate list; retired ones cannot be chosen.
    pub directorates: &'a [Directorate],
    /// Today in England.
    pub today: NaiveDate,
    /// The day the form was sent.
    pub submitted_on: NaiveDate,
    /// The place of the latest offer that recorded one, which a start takes when none is given.
    pub offered_place: Option<&'a Place>,
}

/// Checks what a move to `to` records, returning one error per bad field (422).
pub fn check(
    to: EoiStatus,
    given: &Given<'_>,
    cx: &Context<'_>,
) -> Result<Recorded, Vec<FieldError>> {
    let mut errors = Vec::new();
    let place = check_place(to, given, cx, &mut errors);
    let effective_on = check_day(to, given.effective_on, cx, &mut errors);
    if errors.is_empty() {
        Ok(Recorded {
            place,
            effective_on,
        })
    } else {
        Err(errors)
    }
}

fn check_place(
    to: EoiStatus,
    given: &Given<'_>,
    cx: &Context<'_>,
    errors: &mut Vec<FieldError>,
) -> Option<Place> {
    let rule = place_rule(to);
    if rule == PlaceRule::NotRecorded {
        for (field, value) in [("directorate", given.directorate), ("team", given.team)] {
            if value.is_some() {
                errors.push(FieldError::new(
                    field,
                    "A directorate and team are only recorded for a placement or work experience \
                     offered, or a start.",
                ));
            }
        }
        return None;
    }
    // A start with neither takes the offer's place.
    let (directorate, team) = match (given.directorate, given.team, cx.offered_place) {
        (None, None, Some(offer)) if to == EoiStatus::Started => {
            (Some(offer.directorate.as_str()), Some(offer.team.as_str()))
        }
        (d, t, _) => (d, t),
    };
    if rule == PlaceRule::Optional && directorate.is_none() && team.is_none() {
        return None;
    }
    let directorate = match directorate {
        None => {
            errors.push(FieldError::new(
                "directorate",
                "Choose the directorate the placement is in.",
            ));
            None
        }
        Some(d) if cx.directorates.iter().any(|x| x.id == d && !x.retired) => Some(d),
        Some(_) => {
            errors.push(FieldError::new(
                "directorate",
                "Choose a directorate from the list.",
            ));
            None
        }
    };
    let team = match team {
        None => {
            errors.push(FieldError::new(
                "team",
                "Enter the team the placement is in.",
            ));
            None
        }
        Some(t) if t.chars().count() > MAX_TEAM => {
            errors.push(FieldError::new(
                "team",
                format!("The team must be {MAX_TEAM} characters or fewer."),
            ));
            None
        }
        Some(t) if t.chars().any(char::is_control) => {
            errors.push(FieldError::new(
                "team",
                "The team contains characters that are not allowed.",
            ));
            None
        }
        Some(t) => Some(t),
    };
    Some(Place {
        directorate: directorate?.to_owned(),
        team: team?.to_owned(),
    })
}

fn check_day(
    to: EoiStatus,
    given: Option<NaiveDate>,
    cx: &Context<'_>,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    if !records_effective_on(to) {
        if given.is_some() {
            errors.push(FieldError::new(
                "effective_on",
                "A date is only recorded for a start or an outcome.",
            ));
        }
        return None;
    }
    let day = given.unwrap_or(cx.today);
    if day > cx.today {
        errors.push(FieldError::new(
            "effective_on",
            "The date must be today or earlier.",
        ));
        return None;
    }
    if day < cx.submitted_on {
        errors.push(FieldError::new(
            "effective_on",
            "The date must be on or after the day the form was sent.",
        ));
        return None;
    }
    Some(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use EoiStatus::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn directorates() -> Vec<Directorate> {
        vec![
            Directorate {
                id: "digital_and_it".into(),
                name: "Digital and IT".into(),
                retired: false,
            },
            Directorate {
                id: "old".into(),
                name: "Old".into(),
                retired: true,
            },
        ]
    }

    fn place(d: &str, t: &str) -> Place {
        Place {
            directorate: d.into(),
            team: t.into(),
        }
    }

    /// The fields refused, or what was recorded.
    fn run(
        to: EoiStatus,
        given: Given<'_>,
        offered: Option<&Place>,
    ) -> Result<Recorded, Vec<String>> {
        let list = directorates();
        let cx = Context {
            directorates: &list,
            today: d(2026, 11, 30),
            submitted_on: d(2026, 10, 1),
            offered_place: offered,
        };
        check(to, &given, &cx).map_err(|e| e.into_iter().map(|f| f.field).collect())
    }

    fn given<'a>(dir: Option<&'a str>, team: Option<&'a str>, on: Option<NaiveDate>) -> Given<'a> {
        Given {
            directorate: dir,
            team,
            effective_on: on,
        }
    }

    #[test]
    fn a_placement_offer_needs_a_live_directorate_and_a_team() {
        let it = Some("digital_and_it");
        let desk = Some("Service desk");
        let long = "x".repeat(201);
        /// What was sent, and the place recorded or the fields refused.
        type Case<'a> = (Given<'a>, Result<Option<Place>, Vec<&'a str>>);
        let cases: Vec<Case> = vec![
            (
                given(it, desk, None),
                Ok(Some(place("digital_and_it", "Service desk"))),
            ),
            (given(None, None, None), Err(vec!["directorate", "team"])),
            (given(it, None, None), Err(vec!["team"])),
            (given(Some("old"), desk, None), Err(vec!["directorate"])),
            (given(Some("nowhere"), desk, None), Err(vec!["directorate"])),
            (given(it, Some(&long), None), Err(vec!["team"])),
            (given(it, Some("a\u{7}b"), None), Err(vec!["team"])),
            (
                given(it, desk, Some(d(2026, 11, 1))),
                Err(vec!["effective_on"]),
            ),
        ];
        for (input, expected) in cases {
            let got = run(PlacementOffered, input.clone(), None);
            match expected {
                Ok(p) => assert_eq!(got.unwrap().place, p, "{input:?}"),
                Err(fields) => assert_eq!(got.unwrap_err(), fields, "{input:?}"),
            }
        }
    }

    #[test]
    fn work_experience_takes_both_or_neither() {
        assert_eq!(
            run(WorkExperienceOffered, Given::default(), None),
            Ok(Recorded::default())
        );
        assert_eq!(
            run(
                WorkExperienceOffered,
                given(Some("digital_and_it"), None, None),
                None
            ),
            Err(vec!["team".to_owned()])
        );
        assert_eq!(
            run(WorkExperienceOffered, given(None, Some("Desk"), None), None).unwrap_err(),
            vec!["directorate".to_owned()]
        );
    }

    #[test]
    fn a_start_takes_the_offers_place_and_today_when_none_is_given() {
        let offer = place("digital_and_it", "Service desk");
        let got = run(Started, Given::default(), Some(&offer)).unwrap();
        assert_eq!(got.place, Some(offer.clone()));
        assert_eq!(got.effective_on, Some(d(2026, 11, 30)));
        let own = run(
            Started,
            given(
                Some("digital_and_it"),
                Some("Web team"),
                Some(d(2026, 11, 2)),
            ),
            Some(&offer),
        )
        .unwrap();
        assert_eq!(own.place, Some(place("digital_and_it", "Web team")));
        assert_eq!(own.effective_on, Some(d(2026, 11, 2)));
        assert_eq!(
            run(Started, Given::default(), None).unwrap_err(),
            vec!["directorate", "team"]
        );
    }

    #[test]
    fn an_outcome_date_is_between_the_submission_and_today() {
        let cases = [
            (d(2026, 10, 1), true),
            (d(2026, 11, 30), true),
            (d(2026, 9, 30), false),
            (d(2026, 12, 1), false),
        ];
        for (day, ok) in cases {
            let got = run(Completed, given(None, None, Some(day)), None);
            assert_eq!(got.is_ok(), ok, "{day}");
            if ok {
                assert_eq!(got.unwrap().effective_on, Some(day));
            }
        }
        assert_eq!(
            run(
                LeftEarly,
                given(Some("digital_and_it"), Some("x"), None),
                None
            )
            .unwrap_err(),
            vec!["directorate", "team"]
        );
    }
}
