//! The UK routine immunisation schedule as data, and recognition of recorded vaccine names.
//!
//! The table is the schedule as it applied to children born from 2000 (today's care leavers),
//! with the date-of-birth cohorts for programmes that started later (PCV 2006, rotavirus 2013,
//! MenB 2015, HPV for boys 2019) so nobody is flagged for a vaccine that did not exist for them.
//! The 2025–26 infant changes (MMRV, MenB timing) are not modelled beyond Hib/MenC ending for
//! children born from 2025. The passport does not record sex, so HPV is expected only for
//! cohorts offered it regardless of sex (born from September 2006).

use std::sync::LazyLock;

use chrono::{Days, Months, NaiveDate};

/// An age at which a dose is due, counted from birth.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Age {
    Weeks(u64),
    Months(u32),
}

impl Age {
    pub fn after(self, date_of_birth: NaiveDate) -> Option<NaiveDate> {
        match self {
            Age::Weeks(w) => date_of_birth.checked_add_days(Days::new(w * 7)),
            Age::Months(m) => date_of_birth.checked_add_months(Months::new(m)),
        }
    }
}

/// One routine programme: its doses, the cohort it applies to and the names it is recorded as.
pub(crate) struct Programme {
    pub id: &'static str,
    pub name: &'static str,
    pub doses: &'static [Age],
    /// Cohort as (year, month, day): born on or after / born before.
    pub born_from: Option<(i32, u32, u32)>,
    pub born_before: Option<(i32, u32, u32)>,
    /// Missed doses can no longer be given from this age (None: at any age).
    pub catch_up_until: Option<Age>,
    /// Names it is recorded under, separated by `|`.
    pub aliases: &'static str,
}

use Age::{Months as M, Weeks as W};

pub(crate) const SCHEDULE: &[Programme] = &[
    Programme {
        id: "six_in_one",
        name: "6-in-1 (DTaP/IPV/Hib/HepB; 5-in-1 before 2017)",
        doses: &[W(8), W(12), W(16)],
        born_from: None,
        born_before: None,
        catch_up_until: None,
        aliases: "6-in-1|six in one|hexavalent|Infanrix hexa|Vaxelis|DTaP/IPV/Hib/HepB\
            |5-in-1|five in one|pentavalent|Pediacel|Infanrix-IPV+Hib|DTaP/IPV/Hib\
            |DTaP/Hib/IPV|DTP/Hib|DTwP/Hib|primary immunisations",
    },
    Programme {
        id: "rotavirus",
        name: "Rotavirus",
        doses: &[W(8), W(12)],
        born_from: Some((2013, 5, 1)),
        born_before: None,
        catch_up_until: Some(W(24)),
        aliases: "rotavirus|Rotarix|rota",
    },
    Programme {
        id: "menb",
        name: "MenB",
        doses: &[W(8), W(16), M(12)],
        born_from: Some((2015, 7, 1)),
        born_before: None,
        catch_up_until: Some(M(24)),
        aliases: "MenB|Men B|Bexsero|meningococcal B|meningitis B",
    },
    Programme {
        id: "pcv",
        name: "Pneumococcal (PCV)",
        doses: &[W(8), W(16), M(12)],
        born_from: Some((2006, 7, 4)),
        born_before: Some((2020, 1, 1)),
        catch_up_until: Some(M(24)),
        aliases: PCV_ALIASES,
    },
    Programme {
        id: "pcv",
        name: "Pneumococcal (PCV)",
        doses: &[W(12), M(12)],
        born_from: Some((2020, 1, 1)),
        born_before: None,
        catch_up_until: Some(M(24)),
        aliases: PCV_ALIASES,
    },
    Programme {
        id: "hib_menc",
        name: "Hib/MenC",
        doses: &[M(12)],
        born_from: Some((2005, 9, 1)),
        born_before: Some((2025, 1, 1)),
        catch_up_until: Some(M(120)),
        aliases: "Hib/MenC|Hib Men C|Menitorix",
    },
    Programme {
        id: "mmr",
        name: "MMR (measles, mumps and rubella)",
        doses: &[M(12), M(40)],
        born_from: None,
        born_before: None,
        catch_up_until: None,
        aliases: "MMR|measles mumps rubella|measles, mumps and rubella|M-M-RvaxPro\
            |MMRvaxPro|Priorix|MMRV|Priorix-Tetra|ProQuad",
    },
    Programme {
        id: "four_in_one",
        name: "4-in-1 pre-school booster (DTaP/IPV)",
        doses: &[M(40)],
        born_from: None,
        born_before: None,
        catch_up_until: Some(M(120)),
        aliases: "4-in-1|four in one|DTaP/IPV|dTaP/IPV|Repevax|Infanrix-IPV|Boostrix-IPV\
            |pre-school booster|preschool booster",
    },
    Programme {
        id: "hpv",
        name: "HPV",
        doses: &[M(13 * 12)],
        born_from: Some((2006, 9, 1)),
        born_before: None,
        catch_up_until: Some(M(25 * 12)),
        aliases: "HPV|human papillomavirus|human papilloma virus|Gardasil|Gardasil 9\
            |Cervarix",
    },
    Programme {
        id: "td_ipv",
        name: "3-in-1 teenage booster (Td/IPV)",
        doses: &[M(14 * 12)],
        born_from: None,
        born_before: None,
        catch_up_until: None,
        aliases: "3-in-1|three in one|Td/IPV|Revaxis|teenage booster\
            |school leaver booster|tetanus diphtheria polio",
    },
    Programme {
        id: "menacwy",
        name: "MenACWY",
        doses: &[M(14 * 12)],
        born_from: Some((1996, 9, 1)),
        born_before: None,
        catch_up_until: Some(M(25 * 12)),
        aliases: "MenACWY|Men ACWY|ACWY|Nimenrix|Menveo|MenQuadfi|meningococcal ACWY\
            |meningitis ACWY",
    },
];

const PCV_ALIASES: &str = "PCV|PCV13|PCV15|pneumococcal|pneumococcal conjugate|Prevenar\
    |Prevenar 13|Vaxneuvance";

/// Lower-case words without filler, so that `MMR vaccine, 2nd dose` gives `["mmr"]`.
fn words(name: &str) -> Vec<String> {
    const FILLER: &str = "vaccine|vaccination|immunisation|immunization|jab|injection|booster\
        |and|the|first|second|third|1st|2nd|3rd";
    let lower = name.to_lowercase();
    let mut tokens = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty());
    let mut words = Vec::new();
    while let Some(token) = tokens.next() {
        if token == "dose" {
            tokens.next(); // the dose number
        } else if !FILLER.split('|').any(|f| f == token) {
            words.push(token.to_owned());
        }
    }
    words
}

/// Every alias of the schedule as (programme id, its words, its words run together), split
/// once: recognising a name is then comparisons only, with no tokenising of the schedule.
struct Alias {
    id: &'static str,
    words: Vec<String>,
    joined: String,
}

static ALIASES: LazyLock<Vec<Alias>> = LazyLock::new(|| {
    SCHEDULE
        .iter()
        .flat_map(|p| p.aliases.split('|').map(move |a| (p.id, words(a))))
        .map(|(id, words)| Alias {
            id,
            joined: words.concat(),
            words,
        })
        .collect()
});

/// The programme id a recorded vaccine name belongs to (`"Infanrix hexa"` gives
/// `"six_in_one"`).
///
/// A name matches an alias when their words run together are equal (`M.M.R.` is `MMR`), or
/// else when the alias's words appear in the name in order (`dTaP/IPV pre-school booster`);
/// the longest such alias wins, so `DTaP/IPV/Hib` is the 5-in-1, not the 4-in-1 `DTaP/IPV`.
pub fn recognise_vaccine(name: &str) -> Option<&'static str> {
    let name = words(name);
    if name.is_empty() {
        return None;
    }
    let joined = name.concat();
    if let Some(alias) = ALIASES.iter().find(|a| a.joined == joined) {
        return Some(alias.id);
    }
    (ALIASES.iter())
        .filter(|a| !a.words.is_empty() && name.windows(a.words.len()).any(|w| w == a.words))
        .max_by_key(|a| (a.words.len(), a.joined.len()))
        .map(|a| a.id)
}

fn cohort_date((y, m, d): (i32, u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub(crate) fn applies(programme: &Programme, date_of_birth: NaiveDate) -> bool {
    let from = programme.born_from.and_then(cohort_date);
    let before = programme.born_before.and_then(cohort_date);
    from.is_none_or(|f| date_of_birth >= f) && before.is_none_or(|b| date_of_birth < b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vaccine_names_are_recognised_by_alias_brand_and_loose_spelling() {
        let cases = [
            ("Infanrix hexa", Some("six_in_one")),
            ("6 in 1", Some("six_in_one")),
            ("DTaP/IPV/Hib/HepB dose 2", Some("six_in_one")),
            ("5-in-1 (DTaP/IPV/Hib)", Some("six_in_one")),
            ("dTaP/IPV pre-school booster", Some("four_in_one")),
            ("Repevax", Some("four_in_one")),
            ("Td/IPV", Some("td_ipv")),
            ("3-in-1 teenage booster", Some("td_ipv")),
            ("MMR vaccine (Priorix) 2nd dose", Some("mmr")),
            ("Measles, mumps and rubella", Some("mmr")),
            ("Men ACWY (Nimenrix)", Some("menacwy")),
            ("Gardasil 9", Some("hpv")),
            ("Hib/Men C booster", Some("hib_menc")),
            ("Prevenar 13", Some("pcv")),
            ("Bexsero", Some("menb")),
            ("Rotarix", Some("rotavirus")),
            ("Flu nasal spray", None),
            ("BCG", None),
            ("COVID-19", None),
            ("", None),
            ("vaccine", None),
        ];
        for (name, expected) in cases {
            assert_eq!(recognise_vaccine(name), expected, "{name:?}");
        }
    }
}
