//! The three demo stories as passport JSON (see `super::passport_content`). `later` adds what the current
//! version has over the first one.

use serde_json::{Value, json};

use super::passport_content::Dates;

fn contact(name: &str, role: &str, phone: &str, email: &str) -> Value {
    json!({"name": name, "role": role, "phone": phone, "email": email})
}

/// Where to get help next: national lines and Dudley services every passport lists.
fn help(extra: Vec<Value>) -> Vec<Value> {
    let mut services = vec![
        json!({"name": "NHS 111", "what_for": "Help or advice when you are ill and your GP is \
            closed. For a mental health crisis, choose option 2.", "phone": "111",
            "website": "https://111.nhs.uk"}),
        json!({"name": "Samaritans", "what_for": "Someone to talk to, any time, day or night, \
            free from any phone", "phone": "116 123", "email": "jo@samaritans.org",
            "website": "https://www.samaritans.org"}),
        json!({"name": "Shout", "what_for": "Free text support, day or night. What you say stays private.",
            "sms": "85258", "website": "https://giveusashout.org"}),
        json!({"name": "Lighthouse Links", "what_for": "Help with how you feel, for Dudley \
            children in care and care leavers up to 25. Not for a crisis. Someone is there to \
            talk to from 9am to 5pm.", "phone": "01384 812352"}),
        json!({"name": "Dudley Integrated Sexual Health", "what_for": "Free tests, care and \
            birth control, and the morning-after pill. What you say stays private.",
            "website": "https://www.nhs.uk/service-search/sexual-health"}),
    ];
    services.extend(extra);
    services
}

/// Asthma, penicillin allergy, second MMR missing, CAMHS then Lighthouse Links.
pub(super) fn kayleigh(d: &Dates, later: bool) -> Value {
    let mut passport = json!({
        "about_me": {"preferred_name": "Kayleigh", "nhs_number": "9990000018",
            "gp_practice_ods_code": "M87006", "dentist_ods_code": "V03347",
            "optician": "Specsavers, Dudley town centre",
            "named_nurse": contact("Sarah Bennett", "Children in Care Nurse", "0121 496 0101",
                "sarah.bennett@example.org"),
            "caseworker": contact("Dan Price", "Personal Adviser, Leaving Care Team",
                "0121 496 0202", "dan.price@example.org")},
        "birth_history": {"gestation_weeks": 39, "birth_weight_grams": 3120,
            "delivery": "vaginal", "newborn_problems": null,
            "prenatal_exposures": ["tobacco"],
            "prenatal_exposure_notes": "Birth mother smoked when she was pregnant. This is from \
                social care notes."},
        "family_history": {"not_known": false, "entries": [
            {"condition": "Asthma", "relationship": "Birth mother"},
            {"condition": "Depression", "relationship": "Birth mother"},
            {"condition": "Type 2 diabetes", "relationship": "Maternal grandmother"}]},
        "development": {"ehcp": false, "summary": "Hit her early milestones on time. Had extra help \
            with reading in Years 7 and 8 after a move of school. No extra help at school now. \
            Now at college, learning about childcare."},
        "conditions": [
            {"name": "Asthma", "status": "current", "diagnosed": d.age(4, 6),
             "notes": "Mild. Worse with colds and cold weather; reliever needed once or twice \
                 a week. No admissions since age 9."},
            {"name": "Eczema", "status": "past", "diagnosed": d.age(0, 8), "resolved": d.age(6, 0)},
            {"name": "Anxiety", "status": "current", "diagnosed": d.age(14, 0),
             "notes": "Supported by Lighthouse Links."}],
        "operations_and_hospital_stays": [
            {"kind": "hospital_stay", "description": "Stayed one night in hospital with an asthma \
                attack. Had medicine through a mask, and steroid tablets.", "hospital": "Russells Hall Hospital",
             "date": d.age(9, 2), "end_date": d.plus_days(d.age(9, 2), 1)}],
        "therapies": [],
        "medicines": [
            {"name": "Salbutamol 100 micrograms inhaler (blue reliever)",
             "dose": "2 puffs through a spacer when wheezy or before sport, up to 4 times a day",
             "since": d.age(4, 6), "reason": "Asthma"},
            {"name": "Clenil Modulite 100 micrograms inhaler (brown preventer)",
             "dose": "2 puffs twice a day, morning and evening; rinse mouth afterwards",
             "since": d.age(12, 0), "reason": "Asthma (preventer)"}],
        "allergies": [{"substance": "Penicillin", "reaction": "Got an itchy rash all over the \
            skin at age 5. It came on after a dose of amoxicillin.", "severity": "moderate"}],
        "immunisations": d.routine_immunisations(&[("mmr", 2)]),
        "dental_optical_hearing": [
            {"kind": "dental", "last_check": d.ago(4), "outcome": "Check-up, scale and polish; \
                no treatment needed.", "next_due": d.ahead(2)},
            {"kind": "optical", "last_check": d.ago(14), "outcome": "Eyes healthy; no glasses \
                needed.", "next_due": d.ahead(10)}],
        "emotional_health": {
            "summary": "Felt anxious and low after two moves of home, at 13 and 14. Much more \
                settled since she moved to her foster home now. She uses slow breathing and \
                keeps a journal to help.",
            "support": [
                {"service": "CAMHS", "from": d.age(13, 4), "to": d.age(14, 10),
                 "notes": "Saw them each week for anxiety. Then moved on to Lighthouse Links."},
                {"service": "Lighthouse Links", "from": d.age(14, 10), "to": null,
                 "notes": "Monthly sessions; can continue up to age 25."}],
            "sdq_scores": [
                {"date": d.age(13, 3), "score": 24, "informant": "carer"},
                {"date": d.age(14, 9), "score": 19, "informant": "carer"},
                {"date": d.age(15, 9), "score": 15, "informant": "carer"},
                {"date": d.age(16, 9), "score": 12, "informant": "young_person"}]},
        "sexual_health_and_substance_use": {
            "sexual_health": "Has talked with the nurse about safe sex. Knows where to get free \
                tests and help in Dudley.",
            "contraception": "Had a birth control implant put in at 16. It lasts for 3 years.",
            "substance_use": "Drinks now and then with friends. Says she does not take drugs.",
            "smoking_and_vaping": "Vapes most days; has information on stopping and would like \
                support."},
        "health_assessments": d.assessments(13, 1),
        "health_plan_actions": [
            {"action": "Book the second MMR dose with the practice nurse at Eve Hill Medical \
                Practice", "responsible": "Kayleigh, with support from Dan (Personal Adviser)",
             "due": d.ahead(2), "done": false},
            {"action": "See the practice nurse to check your asthma. Take both inhalers with you.",
             "responsible": "Kayleigh", "due": d.ahead(3), "done": false},
            {"action": "Flu vaccination every autumn (asthma)", "responsible": "GP practice",
             "due": d.ahead(8), "done": false}],
        "where_to_get_help": help(vec![]),
        "my_own_words": null
    });
    if later {
        passport["my_own_words"] = json!({"text": "I get anxious in new places, so please tell \
            me what is going to happen before you do it. My blue inhaler is always in my bag. \
            I don't like being weighed in front of people."});
    }
    passport
}

/// Autism with an EHCP, born early, speech and language therapy, glasses.
pub(super) fn jay(d: &Dates, later: bool) -> Value {
    let mut passport = json!({
        "about_me": {"preferred_name": "Jay", "nhs_number": "9990000026",
            "gp_practice_ods_code": "M87009", "dentist_ods_code": "V03367",
            "optician": "Boots Opticians, Merry Hill",
            "named_nurse": contact("Priya Kaur", "Children in Care Nurse", "0121 496 0103",
                "priya.kaur@example.org"),
            "caseworker": contact("Michelle Evans", "Personal Adviser, Leaving Care Team",
                "0121 496 0204", "michelle.evans@example.org")},
        "birth_history": {"gestation_weeks": 32, "birth_weight_grams": 1740,
            "delivery": "emergency_caesarean",
            "newborn_problems": "Spent three weeks in the baby unit at Russells Hall Hospital, \
                with help to breathe and feed. Had jaundice (yellow skin), treated with a \
                special light.",
            "prenatal_exposures": ["alcohol", "tobacco"],
            "prenatal_exposure_notes": "The midwife wrote down that the birth mother drank \
                alcohol while pregnant. Checked for FASD at 8, and it was not found."},
        "family_history": {"not_known": true, "entries": []},
        "development": {"ehcp": true, "summary": "Found to be autistic at 7. Has had an EHCP \
            since Year 3, for help with talking and getting on with people. Now at college, \
            with help to learn. Likes things written down, and clear plans."},
        "conditions": [
            {"name": "Autism spectrum condition", "status": "current", "diagnosed": d.age(7, 2)},
            {"name": "Glue ear", "status": "past", "diagnosed": d.age(3, 0), "resolved": d.age(6, 0)},
            {"name": "Short sight (myopia)", "status": "current", "diagnosed": d.age(10, 0),
             "notes": "Wears glasses all the time."}],
        "operations_and_hospital_stays": [
            {"kind": "operation", "description": "Grommets fitted in both ears for glue ear",
             "hospital": "Russells Hall Hospital", "date": d.age(4, 1), "end_date": d.age(4, 1)}],
        "therapies": [
            {"therapy": "Speech and language therapy", "provider": "Dudley children's speech \
                and language therapy", "started": d.age(4, 6), "ended": d.age(11, 0),
             "notes": "Help to put thoughts into words and to get on with people. The goals are in \
                 the EHCP."},
            {"therapy": "Occupational therapy", "provider": "Dudley children's occupational \
                therapy", "started": d.age(8, 0), "ended": d.age(9, 0),
             "notes": "Checked how noise and touch feel. Got ear defenders, and breaks to move \
                 about at school."}],
        "medicines": [{"name": "Melatonin 2 mg modified-release tablets",
            "dose": "1 tablet 30 to 60 minutes before bed", "since": d.age(9, 0),
            "reason": "Difficulty getting to sleep"}],
        "allergies": [],
        "immunisations": d.routine_immunisations(&[]),
        "dental_optical_hearing": [
            {"kind": "optical", "last_check": d.ago(7), "outcome": "Prescription changed; new \
                glasses.", "next_due": d.ahead(5)},
            {"kind": "hearing", "last_check": d.age(6, 6), "outcome": "Hearing normal after the \
                grommets came out.", "next_due": null},
            {"kind": "dental", "last_check": d.ago(5), "outcome": "Two fillings; advised to cut \
                down on fizzy drinks.", "next_due": d.ahead(1)}],
        "emotional_health": {
            "summary": "Can be overwhelmed by noise and changes of plan. Routines, headphones \
                and advance warning help.",
            "support": [
                {"service": "CAMHS (autism assessment)", "from": d.age(6, 8), "to": d.age(7, 2)},
                {"service": "Lighthouse Links", "from": d.age(15, 0), "to": d.age(16, 6),
                 "notes": "Talks to help with the change, before the move to a flat with \
                     some support."}],
            "sdq_scores": [
                {"date": d.age(11, 1), "score": 21, "informant": "carer"},
                {"date": d.age(13, 1), "score": 18, "informant": "teacher"},
                {"date": d.age(15, 1), "score": 16, "informant": "carer"}]},
        "sexual_health_and_substance_use": {
            "sexual_health": "Had lessons on sex and how to stay safe at college, with easy-read \
                notes. Knows where to get free condoms.",
            "contraception": null, "substance_use": "None.",
            "smoking_and_vaping": "Does not smoke or vape."},
        "health_assessments": d.assessments(9, 5),
        "health_plan_actions": [
            {"action": "Ask the GP about help for adults with autism, before help for children \
                ends",
             "responsible": "Michelle Evans (Personal Adviser)", "due": d.ahead(2), "done": false},
            {"action": "Melatonin review with the GP", "responsible": "GP practice",
             "due": d.ahead(1), "done": false},
            {"action": "Register with a dentist near the new flat", "responsible": "Jay",
             "due": d.ahead(3), "done": later}],
        "where_to_get_help": help(vec![]),
        "my_own_words": null
    });
    if later {
        passport["my_own_words"] = json!({"text": "I'm autistic. Please write things down for \
            me and tell me if a plan changes. Loud waiting rooms are hard: text me and I'll \
            wait outside."});
    }
    passport
}

/// Type 1 diabetes on insulin, preparing for university.
pub(super) fn amira(d: &Dates, later: bool) -> Value {
    let diagnosed = d.age(11, 4);
    let mut passport = json!({
        "about_me": {"preferred_name": "Amira", "nhs_number": "9997654323",
            "gp_practice_ods_code": "M87003", "dentist_ods_code": "V03293",
            "optician": "Vision Express, Merry Hill",
            "named_nurse": contact("Sarah Bennett", "Children in Care Nurse", "0121 496 0101",
                "sarah.bennett@example.org"),
            "caseworker": contact("Tom Hughes", "Personal Adviser, Leaving Care Team",
                "0121 496 0206", "tom.hughes@example.org")},
        "birth_history": {"gestation_weeks": 40, "birth_weight_grams": 3450,
            "delivery": "vaginal", "newborn_problems": "None known.",
            "prenatal_exposures": ["none_known"]},
        "family_history": {"not_known": false, "entries": [
            {"condition": "Type 1 diabetes", "relationship": "Birth father"},
            {"condition": "Underactive thyroid", "relationship": "Birth mother"}]},
        "development": {"ehcp": false, "summary": "Grew and learned as expected, with no worries. Now doing \
            A levels, and plans to go to uni."},
        "conditions": [
            {"name": "Type 1 diabetes", "status": "current", "diagnosed": diagnosed,
             "notes": "Uses insulin jabs and a sensor that checks blood sugar. Sees the \
                 children's diabetes team at Russells Hall Hospital. Will move to the young \
                 adult clinic."},
            {"name": "Broken left wrist", "status": "past", "diagnosed": d.age(12, 7),
             "resolved": d.age(12, 9)}],
        "operations_and_hospital_stays": [
            {"kind": "hospital_stay", "description": "Diabetic ketoacidosis when diabetes was \
                diagnosed", "hospital": "Russells Hall Hospital", "date": diagnosed,
             "end_date": d.plus_days(diagnosed, 4)}],
        "therapies": [{"therapy": "Dietitian: carbohydrate counting",
            "provider": "Children's diabetes team", "started": d.plus_days(diagnosed, 30)}],
        "medicines": [
            {"name": "Insulin aspart (NovoRapid FlexPen)", "dose": "With meals: 1 unit for each \
                10 g of carbs. Take more to bring a high sugar down, as the diabetes team \
                says.",
             "since": diagnosed, "reason": "Type 1 diabetes"},
            {"name": "Insulin degludec (Tresiba FlexTouch)", "dose": "16 units once a day at \
                9pm", "since": diagnosed, "reason": "Type 1 diabetes"},
            {"name": "Dextrose tablets", "dose": "4 to 5 tablets for a hypo, recheck after 15 \
                minutes", "since": diagnosed, "reason": "Low blood sugar"},
            {"name": "FreeStyle Libre 2 glucose sensors", "dose": "Change every 14 days",
             "since": d.age(13, 0), "reason": "Type 1 diabetes"}],
        "allergies": [{"substance": "Adhesive plasters", "reaction": "Red, itchy skin under \
            the plaster", "severity": "mild"}],
        "immunisations": d.routine_immunisations(&[]),
        "dental_optical_hearing": [
            {"kind": "dental", "last_check": d.ago(6), "outcome": "No problems found.",
             "next_due": d.ahead(6)},
            {"kind": "optical", "last_check": d.ago(9), "outcome": "Diabetic eye screening: \
                no retinopathy.", "next_due": d.ahead(3)}],
        "emotional_health": {
            "summary": "At first she found it hard to learn she had diabetes, and to do her \
                jabs at school. Now she looks after it well. Feels some stress at exam time.",
            "support": [
                {"service": "Children's diabetes team psychologist", "from": d.age(11, 8),
                 "to": d.age(12, 6)},
                {"service": "School counsellor", "from": d.age(15, 0), "to": d.age(15, 8)}],
            "sdq_scores": [
                {"date": d.age(12, 0), "score": 14, "informant": "carer"},
                {"date": d.age(14, 0), "score": 9, "informant": "carer"},
                {"date": d.age(16, 0), "score": 7, "informant": "young_person"}]},
        "sexual_health_and_substance_use": {
            "sexual_health": "Has talked with the nurse about safe sex. Knows where to get free tests.",
            "contraception": "Would like to talk about birth control with her GP and the diabetes team.",
            "substance_use": "Knows alcohol can cause hypos; has a plan for nights out.",
            "smoking_and_vaping": "Does not smoke or vape."},
        "health_assessments": d.assessments(10, 2),
        "health_plan_actions": [
            {"action": "Transfer to the young adult diabetes clinic",
             "responsible": "Children's diabetes team and Amira", "due": d.ahead(4),
             "done": false},
            {"action": "Ask your GP for a card so you do not have to pay for your medicines. The card is called a medical exemption certificate.",
             "responsible": "Amira, with Tom (Personal Adviser)", "due": d.ahead(1),
             "done": later},
            {"action": "Flu vaccination every autumn (diabetes)", "responsible": "GP practice",
             "due": d.ahead(9), "done": false}],
        "where_to_get_help": help(vec![json!({"name": "Diabetes UK helpline",
            "what_for": "Advice on living with diabetes", "phone": "0345 123 2399",
            "website": "https://www.diabetes.org.uk"})]),
        "my_own_words": null
    });
    if let Some(list) = passport["immunisations"].as_array_mut() {
        list.push(json!({"vaccine": "Flu vaccine", "date": d.ago(4)}));
        list.push(json!({"vaccine": "Flu vaccine", "date": d.ago(16)}));
    }
    if later {
        passport["my_own_words"] = json!({"text": "If I seem mixed up or shaky, check my blood \
            sugar. It is most likely a hypo, not me being rude. I want to look after my own \
            diabetes when I go to uni."});
    }
    passport
}
