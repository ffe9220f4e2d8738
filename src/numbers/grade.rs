//! Number grades (码号等级, domain rule 10): which grade — 甲, 乙, 丙 or 丁 — a new fixed-line
//! number belongs to, judged by its last digits, and parsing of the number as a user types it.
//!
//! # The rule
//!
//! Patterns are written for 7-digit subscriber numbers and describe the number's last digits:
//!
//! | grade   | patterns                                                              |
//! |---------|-----------------------------------------------------------------------|
//! | 甲 (A)  | `XXXAAAA`, `XXAAAAA`, `XAAAAAA`, `AAAAAAA`, `XXABCDE`, `XABCDEF`      |
//! | 乙 (B)  | `XXXXAAA`, `XXXABCD`, `XXXDCBA`                                       |
//! | 丙 (C)  | `XXXAABB`, `XXXABAB`, `XXXXABC`                                       |
//! | 丁 (D)  | all others (reported as all `X`)                                      |
//!
//! Notation: `X` is any digit (it may equal a letter's digit); equal letters are equal digits and
//! different letters are different digits; `ABC…` is a run of consecutive ascending digits (each
//! one more than the one before, no wrap from 9 to 0) and `DCBA` a run of consecutive descending
//! digits.
//!
//! How the rule is applied:
//!
//! * The highest grade with a matching pattern wins, so `5556789` is 甲 `XXABCDE` (its last five
//!   digits ascend), not 乙 `XXXABCD`.
//! * Within a grade the most specific pattern — the one with the most letters — is reported:
//!   `8888888` is `AAAAAAA`, `1238888` is `XXXAAAA`, `1234567` is `XABCDEF`. Within one grade at
//!   most one pattern of each letter count can match, so "most specific" is never ambiguous.
//! * A run longer than the longest listed pattern is reported by the longest listed one:
//!   `12345678` is `XXABCDEF`, `98765432` is `XXXXDCBA` (descending runs only ever give 乙).
//! * 8-digit local numbers (Beijing, Guangzhou, …) use the same last-digit patterns with one more
//!   leading `X`, so the pattern string always has as many characters as the subscriber number:
//!   `22222222` is `XAAAAAAA`.
//!
//! # Input
//!
//! [`classify`] accepts what a user would type: surrounding whitespace is trimmed, whitespace,
//! hyphens and parentheses inside are separators (`"020-8888 1234"`, `"(020)88881234"`), and a
//! leading area code is split off. See [`classify`] for the details.
use std::fmt;

/// Width of the patterns in the rule, which is written for 7-digit numbers.
const PATTERN_WIDTH: usize = 7;

/// A number grade (码号等级). `A` (甲) is the highest; the derived ordering sorts the best grade
/// first (`Grade::A < Grade::D`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// 甲: four or more equal final digits, or five or more ascending final digits.
    A,
    /// 乙: three equal final digits, or four ascending or descending final digits.
    B,
    /// 丙: final `AABB` or `ABAB`, or three ascending final digits.
    C,
    /// 丁: everything else.
    D,
}

impl Grade {
    /// The Chinese label used on screens and forms: 甲, 乙, 丙 or 丁.
    pub fn label_zh(self) -> &'static str {
        match self {
            Grade::A => "甲",
            Grade::B => "乙",
            Grade::C => "丙",
            Grade::D => "丁",
        }
    }
}

/// A parsed and graded fixed-line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classified {
    /// `area code-subscriber` when an area code was given (`"020-88881234"`), else the subscriber.
    pub normalized: String,
    /// The local (subscriber) number: 7 or 8 digits, not starting with 0 or 1.
    pub subscriber: String,
    /// The number's grade.
    pub grade: Grade,
    /// The matching pattern, as long as the subscriber number (`"XXXXAAAA"`); all `X` for 丁.
    pub pattern: String,
}

/// Why a typed number could not be graded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing but whitespace and separators was given.
    Empty,
    /// A character other than a digit, whitespace, hyphen or parenthesis was given.
    NotDigits,
    /// The local number is not 7–8 digits, or starts with 0 or 1.
    WrongLength,
}

impl NumberError {
    /// The message in English (the [`fmt::Display`] form is Chinese).
    pub fn message_en(&self) -> &'static str {
        match self {
            NumberError::Empty => "Please enter a number.",
            NumberError::NotDigits => "The number may contain only digits, spaces, hyphens and parentheses.",
            NumberError::WrongLength => {
                "The local number must be 7–8 digits and must not start with 0 or 1 (an area code may precede it)."
            }
        }
    }

    /// The message in Chinese.
    fn message_zh(&self) -> &'static str {
        match self {
            NumberError::Empty => "请输入号码。",
            NumberError::NotDigits => "号码只能包含数字、空格、连字符和括号。",
            NumberError::WrongLength => "本地号码须为 7–8 位数字，且不能以 0 或 1 开头（前面可带区号）。",
        }
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message_zh())
    }
}

impl std::error::Error for NumberError {}

/// Parses a fixed-line number as typed and grades it.
///
/// * Surrounding whitespace is trimmed; whitespace, `-`, `(` and `)` inside are separators and are
///   dropped. Separators are not checked for placement or balance.
/// * When the remaining digits are 10–12 long and start with an area code, the area code is split
///   off: `010` and `02X` are 3 digits, any other `0X…` area code is 4 digits (`00…` is not an
///   area code).
/// * What is left is the local (subscriber) number, graded by [`grade_of`].
///
/// # Errors
///
/// * [`NumberError::NotDigits`]: any other character (letters, `+`, `.`, full-width digits, …).
/// * [`NumberError::Empty`]: nothing left once whitespace and separators are dropped.
/// * [`NumberError::WrongLength`]: the local number is not 7 or 8 digits, or starts with 0 or 1.
pub fn classify(input: &str) -> Result<Classified, NumberError> {
    let digits = strip_separators(input)?;
    let (area_code, subscriber) = split_area_code(&digits);
    if !is_subscriber(subscriber) {
        return Err(NumberError::WrongLength);
    }
    let (grade, pattern) = grade_of(subscriber);
    let normalized = match area_code {
        Some(area_code) => format!("{area_code}-{subscriber}"),
        None => subscriber.to_owned(),
    };
    Ok(Classified { normalized, subscriber: subscriber.to_owned(), grade, pattern })
}

/// The grade of a local number and the pattern it matches (as many characters as the number).
///
/// `subscriber_digits` should be the 7 or 8 ASCII digits of a local number, e.g. from
/// [`Classified::subscriber`]. Other input does not panic: longer digit strings are graded by the
/// same last-digit patterns (with more leading `X`), while strings shorter than 7 characters or
/// containing anything but ASCII digits are 丁 with an all-`X` pattern.
pub fn grade_of(subscriber_digits: &str) -> (Grade, String) {
    let digits = subscriber_digits.as_bytes();
    if digits.len() < PATTERN_WIDTH || !digits.iter().all(u8::is_ascii_digit) {
        return (Grade::D, "X".repeat(subscriber_digits.chars().count()));
    }
    let (grade, letters) = grade_of_tail(digits);
    // Pad the lettered tail with `X` to the full width of the number.
    let mut pattern = "X".repeat(digits.len() - letters.len());
    pattern.push_str(letters);
    (grade, pattern)
}

/// Grades ASCII digits (at least [`PATTERN_WIDTH`] of them) and returns the lettered part of the
/// winning pattern, e.g. `"AAAA"` for `XXXAAAA`; empty for 丁.
fn grade_of_tail(digits: &[u8]) -> (Grade, &'static str) {
    // Lengths of the final runs of equal, ascending (+1) and descending (−1) digits. A single digit
    // is a run of 1. These three numbers decide every pattern except AABB and ABAB.
    let equal = final_run(digits, 0);
    let ascending = final_run(digits, 1);
    let descending = final_run(digits, -1);

    // 甲: XXXAAAA … AAAAAAA (4 to 7 equal), XXABCDE / XABCDEF (5 or 6 ascending).
    if equal >= 4 {
        return (Grade::A, &"AAAAAAA"[..equal.min(7)]);
    }
    if ascending >= 5 {
        return (Grade::A, &"ABCDEF"[..ascending.min(6)]);
    }

    // 乙: XXXXAAA (exactly 3 equal, since 4+ is 甲), XXXABCD (exactly 4 ascending, since 5+ is 甲),
    // XXXDCBA (4 or more descending: descending runs never reach 甲).
    if equal == 3 {
        return (Grade::B, "AAA");
    }
    if ascending == 4 {
        return (Grade::B, "ABCD");
    }
    if descending >= 4 {
        return (Grade::B, "DCBA");
    }

    // 丙: XXXAABB and XXXABAB need A ≠ B (with A = B both are AAAA, which is 甲 and handled above,
    // but the checks below state it anyway); XXXXABC is exactly 3 ascending.
    let &[.., a, b, c, d] = digits else { return (Grade::D, "") };
    if a == b && c == d && a != c {
        return (Grade::C, "AABB");
    }
    if a == c && b == d && a != b {
        return (Grade::C, "ABAB");
    }
    if ascending == 3 {
        return (Grade::C, "ABC");
    }

    // 丁: no pattern.
    (Grade::D, "")
}

/// Length of the longest suffix of `digits` in which every digit is the previous one plus `step`
/// (0: equal, 1: ascending, −1: descending). Plain integer arithmetic, so 9 → 0 never continues an
/// ascending run. `digits` must not be empty.
fn final_run(digits: &[u8], step: i16) -> usize {
    // Shrink `end` while the last two digits of `digits[..end]` continue the run.
    let mut end = digits.len();
    while let [.., before, after] = digits[..end]
        && i16::from(after) - i16::from(before) == step
    {
        end -= 1;
    }
    digits.len() - end + 1
}

/// Drops trimmed whitespace and separators, keeping the ASCII digits.
fn strip_separators(input: &str) -> Result<String, NumberError> {
    let trimmed = input.trim();
    let mut digits = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !(c.is_whitespace() || matches!(c, '-' | '(' | ')')) {
            return Err(NumberError::NotDigits);
        }
    }
    if digits.is_empty() { Err(NumberError::Empty) } else { Ok(digits) }
}

/// Splits a leading area code off 10–12 ASCII digits: `010` and `02X` are 3 digits long, other
/// `0X…` codes 4. Anything else is returned whole, as the local number.
fn split_area_code(digits: &str) -> (Option<&str>, &str) {
    let bytes = digits.as_bytes();
    // The length check also guarantees that `bytes[1]` exists.
    if !(10..=12).contains(&bytes.len()) || bytes[0] != b'0' || bytes[1] == b'0' {
        return (None, digits);
    }
    let area_len = if digits.starts_with("010") || digits.starts_with("02") { 3 } else { 4 };
    let (area_code, subscriber) = digits.split_at(area_len);
    (Some(area_code), subscriber)
}

/// Whether ASCII digits form a valid local number: 7 or 8 digits, not starting with 0 or 1.
fn is_subscriber(digits: &str) -> bool {
    matches!(digits.len(), 7 | 8) && !digits.starts_with(['0', '1'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts the grade and pattern `grade_of` gives for `digits`.
    #[track_caller]
    fn assert_grade(digits: &str, grade: Grade, pattern: &str) {
        assert_eq!(grade_of(digits), (grade, pattern.to_owned()), "grade_of({digits:?})");
    }

    /// Asserts a whole table of `(digits, grade, pattern)`.
    #[track_caller]
    fn assert_grades(cases: &[(&str, Grade, &str)]) {
        for &(digits, grade, pattern) in cases {
            assert_grade(digits, grade, pattern);
        }
    }

    // ---- 甲 -------------------------------------------------------------------------------------

    #[test]
    fn grade_a_four_equal() {
        assert_grades(&[
            ("2348888", Grade::A, "XXXAAAA"),
            ("5670000", Grade::A, "XXXAAAA"),
            ("1238888", Grade::A, "XXXAAAA"),
            ("23458888", Grade::A, "XXXXAAAA"),
            ("66120000", Grade::A, "XXXXAAAA"),
        ]);
    }

    #[test]
    fn grade_a_five_equal() {
        assert_grades(&[
            ("2377777", Grade::A, "XXAAAAA"),
            ("6500000", Grade::A, "XXAAAAA"),
            ("28155555", Grade::A, "XXXAAAAA"),
            ("66699999", Grade::A, "XXXAAAAA"),
        ]);
    }

    #[test]
    fn grade_a_six_equal() {
        assert_grades(&[
            ("2999999", Grade::A, "XAAAAAA"),
            ("3111111", Grade::A, "XAAAAAA"),
            ("25666666", Grade::A, "XXAAAAAA"),
            ("88000000", Grade::A, "XXAAAAAA"),
        ]);
    }

    #[test]
    fn grade_a_seven_equal() {
        assert_grades(&[
            ("8888888", Grade::A, "AAAAAAA"),
            ("2222222", Grade::A, "AAAAAAA"),
            ("35555555", Grade::A, "XAAAAAAA"),
            ("40000000", Grade::A, "XAAAAAAA"),
        ]);
    }

    #[test]
    fn grade_a_eight_equal_is_still_seven_letters() {
        // The rule has no 8-letter pattern; the most specific one, AAAAAAA, gets one leading X.
        assert_grades(&[("22222222", Grade::A, "XAAAAAAA"), ("99999999", Grade::A, "XAAAAAAA")]);
    }

    #[test]
    fn grade_a_five_ascending() {
        assert_grades(&[
            ("2812345", Grade::A, "XXABCDE"),
            ("3945678", Grade::A, "XXABCDE"),
            ("8901234", Grade::A, "XXABCDE"),
            ("28834567", Grade::A, "XXXABCDE"),
            ("77756789", Grade::A, "XXXABCDE"),
        ]);
    }

    #[test]
    fn grade_a_six_ascending() {
        assert_grades(&[
            ("9123456", Grade::A, "XABCDEF"),
            ("2234567", Grade::A, "XABCDEF"),
            ("28456789", Grade::A, "XXABCDEF"),
            ("50012345", Grade::A, "XXABCDEF"),
        ]);
    }

    #[test]
    fn grade_a_runs_longer_than_six_use_the_six_pattern() {
        assert_grades(&[
            ("1234567", Grade::A, "XABCDEF"),
            ("2345678", Grade::A, "XABCDEF"),
            ("3456789", Grade::A, "XABCDEF"),
            ("23456789", Grade::A, "XXABCDEF"),
            ("12345678", Grade::A, "XXABCDEF"),
        ]);
    }

    // ---- 乙 -------------------------------------------------------------------------------------

    #[test]
    fn grade_b_three_equal() {
        assert_grades(&[
            ("2345111", Grade::B, "XXXXAAA"),
            ("6812999", Grade::B, "XXXXAAA"),
            // X may equal the letter's digit, as long as the run is exactly 3 long at the end.
            ("2223222", Grade::B, "XXXXAAA"),
            ("28834777", Grade::B, "XXXXXAAA"),
            ("66661000", Grade::B, "XXXXXAAA"),
        ]);
    }

    #[test]
    fn grade_b_four_ascending() {
        assert_grades(&[
            ("2281234", Grade::B, "XXXABCD"),
            ("6663456", Grade::B, "XXXABCD"),
            ("28880123", Grade::B, "XXXXABCD"),
            ("88886789", Grade::B, "XXXXABCD"),
        ]);
    }

    #[test]
    fn grade_b_four_descending() {
        assert_grades(&[
            ("2225432", Grade::B, "XXXDCBA"),
            ("3333210", Grade::B, "XXXDCBA"),
            ("28889876", Grade::B, "XXXXDCBA"),
            ("66664321", Grade::B, "XXXXDCBA"),
        ]);
    }

    #[test]
    fn grade_b_long_descending_runs_stay_b() {
        // Descending digits only appear in 乙, with 4 letters, however long the run.
        assert_grades(&[
            ("9876543", Grade::B, "XXXDCBA"),
            ("8765432", Grade::B, "XXXDCBA"),
            ("98765432", Grade::B, "XXXXDCBA"),
            ("29876543", Grade::B, "XXXXDCBA"),
        ]);
    }

    // ---- 丙 -------------------------------------------------------------------------------------

    #[test]
    fn grade_c_aabb() {
        assert_grades(&[
            ("2341122", Grade::C, "XXXAABB"),
            ("5559988", Grade::C, "XXXAABB"),
            ("28881155", Grade::C, "XXXXAABB"),
            ("66660099", Grade::C, "XXXXAABB"),
        ]);
    }

    #[test]
    fn grade_c_abab() {
        assert_grades(&[
            ("2341212", Grade::C, "XXXABAB"),
            ("6669090", Grade::C, "XXXABAB"),
            ("28883434", Grade::C, "XXXXABAB"),
            ("50009898", Grade::C, "XXXXABAB"),
        ]);
    }

    #[test]
    fn grade_c_three_ascending() {
        assert_grades(&[
            ("2341123", Grade::C, "XXXXABC"),
            ("2227789", Grade::C, "XXXXABC"),
            ("6789012", Grade::C, "XXXXABC"),
            ("28885567", Grade::C, "XXXXXABC"),
            ("77770345", Grade::C, "XXXXXABC"),
        ]);
    }

    // ---- 丁 -------------------------------------------------------------------------------------

    #[test]
    fn grade_d_everything_else() {
        assert_grades(&[
            ("2846193", Grade::D, "XXXXXXX"),
            ("2345670", Grade::D, "XXXXXXX"),
            ("5432871", Grade::D, "XXXXXXX"),
            ("28461937", Grade::D, "XXXXXXXX"),
            ("66668120", Grade::D, "XXXXXXXX"),
        ]);
    }

    #[test]
    fn grade_d_three_descending_is_nothing() {
        // Only 4+ descending digits count; there is no three-digit descending pattern.
        assert_grades(&[
            ("2846321", Grade::D, "XXXXXXX"),
            ("2840987", Grade::D, "XXXXXXX"),
            ("28460321", Grade::D, "XXXXXXXX"),
        ]);
    }

    // ---- Precedence -----------------------------------------------------------------------------

    #[test]
    fn precedence_higher_grade_wins() {
        assert_grades(&[
            // Ends in ABCD (乙) and ABC (丙) too, but six ascending digits are 甲.
            ("2345678", Grade::A, "XABCDEF"),
            // Ends in AAA (乙) and AABB-with-A=B, but four equal digits are 甲.
            ("2221111", Grade::A, "XXXAAAA"),
            ("2223333", Grade::A, "XXXAAAA"),
            ("2345555", Grade::A, "XXXAAAA"),
            // Ends in ABCD (乙), but the last five 5-6-7-8-9 ascend: 甲 XXABCDE.
            ("5556789", Grade::A, "XXABCDE"),
            // Ends in ABC (丙), but the last four ascend: 乙.
            ("2221234", Grade::B, "XXXABCD"),
            ("22221234", Grade::B, "XXXXABCD"),
            // Runs that are not at the end count for nothing.
            ("5432871", Grade::D, "XXXXXXX"),
            ("1234870", Grade::D, "XXXXXXX"),
            ("8888123", Grade::C, "XXXXABC"),
        ]);
    }

    #[test]
    fn precedence_most_specific_within_a_grade() {
        assert_grades(&[
            ("8888888", Grade::A, "AAAAAAA"),
            ("1888888", Grade::A, "XAAAAAA"),
            ("1288888", Grade::A, "XXAAAAA"),
            ("1238888", Grade::A, "XXXAAAA"),
            ("1234567", Grade::A, "XABCDEF"),
            ("1134567", Grade::A, "XXABCDE"),
        ]);
    }

    #[test]
    fn no_wrap_from_nine_to_zero() {
        assert_grades(&[
            // 9 → 0 breaks the run: only 0123 ascends.
            ("7890123", Grade::B, "XXXABCD"),
            // Would be XABCDEF with wrap; only 012 ascends.
            ("6789012", Grade::C, "XXXXABC"),
            ("28890123", Grade::B, "XXXXABCD"),
            // 0 → 9 breaks a descending run: 1098 is not DCBA.
            ("2221098", Grade::D, "XXXXXXX"),
            // 9 followed by 0, 1: "901" is not ABC.
            ("2228901", Grade::D, "XXXXXXX"),
        ]);
    }

    #[test]
    fn aabb_and_abab_need_different_digits() {
        // With A = B both AABB and ABAB are AAAA, which is 甲, never 丙.
        assert_grades(&[
            ("2341111", Grade::A, "XXXAAAA"),
            ("2347777", Grade::A, "XXXAAAA"),
            ("23417777", Grade::A, "XXXXAAAA"),
        ]);
        // And with A ≠ B they are 丙.
        assert_grades(&[("2341177", Grade::C, "XXXAABB"), ("2341717", Grade::C, "XXXABAB")]);
    }

    #[test]
    fn three_ascending_versus_pairs() {
        // The three 丙 patterns exclude each other: AABB and ABAB end in two equal or two
        // alternating digits, ABC in two ascending ones.
        assert_grades(&[
            ("2341123", Grade::C, "XXXXABC"),
            ("2341122", Grade::C, "XXXAABB"),
            ("2342323", Grade::C, "XXXABAB"),
            ("2341212", Grade::C, "XXXABAB"),
            ("2343434", Grade::C, "XXXABAB"),
            ("2344545", Grade::C, "XXXABAB"),
        ]);
    }

    #[test]
    fn equal_runs_where_x_equals_the_letter() {
        // `X` may be any digit, including the letter's, as long as the run length is as stated.
        assert_grades(&[
            ("3333444", Grade::B, "XXXXAAA"),
            ("5555666", Grade::B, "XXXXAAA"),
            ("4448888", Grade::A, "XXXAAAA"),
        ]);
    }

    #[test]
    fn pattern_is_as_long_as_the_number() {
        for digits in ["2345678", "23456789", "2846193", "28461937", "22222222", "2225432"] {
            assert_eq!(grade_of(digits).1.len(), digits.len(), "{digits}");
        }
    }

    #[test]
    fn grade_of_outside_its_contract_does_not_panic() {
        assert_grade("", Grade::D, "");
        assert_grade("12345", Grade::D, "XXXXX");
        assert_grade("22a2222", Grade::D, "XXXXXXX");
        assert_grade("２２２２２２２", Grade::D, "XXXXXXX");
        // Longer digit strings are graded by the same last-digit patterns.
        assert_grade("0000000000", Grade::A, "XXXAAAAAAA");
        assert_grade("020123456789", Grade::A, "XXXXXXABCDEF");
    }

    #[test]
    fn grades_order_and_labels() {
        assert!(Grade::A < Grade::B && Grade::B < Grade::C && Grade::C < Grade::D);
        let labels: Vec<_> = [Grade::A, Grade::B, Grade::C, Grade::D].map(Grade::label_zh).into();
        assert_eq!(labels, ["甲", "乙", "丙", "丁"]);
    }

    // ---- Sweep against an independent matcher ------------------------------------------------

    /// A deliberately naive second implementation: it reads the rule's pattern strings literally
    /// and binds letters to digits, instead of measuring runs like the real one.
    mod naive {
        use super::super::Grade;
        use std::cmp::Ordering;

        /// Rule 10 exactly as written in domain.md, best grade first; 丁 is "no match".
        const RULE: [(Grade, &[&str]); 3] = [
            (Grade::A, &["XXXAAAA", "XXAAAAA", "XAAAAAA", "AAAAAAA", "XXABCDE", "XABCDEF"]),
            (Grade::B, &["XXXXAAA", "XXXABCD", "XXXDCBA"]),
            (Grade::C, &["XXXAABB", "XXXABAB", "XXXXABC"]),
        ];

        /// One pattern string of the rule, read once.
        pub struct Pattern {
            pub grade: Grade,
            pub text: &'static str,
            /// `(index in the pattern, letter number with A = 0)` of every lettered position.
            slots: Vec<(usize, usize)>,
            /// The different letter numbers, ascending.
            letters: Vec<usize>,
        }

        impl Pattern {
            fn parse(grade: Grade, text: &'static str) -> Pattern {
                let slots: Vec<(usize, usize)> = text
                    .bytes()
                    .enumerate()
                    .filter(|&(_, c)| c != b'X')
                    .map(|(index, c)| (index, usize::from(c - b'A')))
                    .collect();
                let mut letters: Vec<usize> = slots.iter().map(|&(_, letter)| letter).collect();
                letters.sort_unstable();
                letters.dedup();
                Pattern { grade, text, slots, letters }
            }

            /// Number of lettered positions: the more, the more specific the pattern.
            fn specificity(&self) -> usize {
                self.slots.len()
            }

            /// Whether the letters are all different and at least three (`ABC`, `ABCD`, `DCBA`,
            /// `ABCDE`, `ABCDEF`): then the pattern is a run, see [`Pattern::matches`].
            fn is_run(&self) -> bool {
                self.letters.len() >= 3 && self.letters.len() == self.slots.len()
            }

            /// Whether the end of `digits` (ASCII) fits the pattern:
            /// * `X` matches anything;
            /// * a letter binds to a digit; the same letter must see the same digit again, and a
            ///   new letter may not take a digit another letter already has;
            /// * in a run, letter number k (A = 0) must be digit(A) + k. That one rule gives
            ///   ascending runs for `ABCD` and descending ones for `DCBA`, without wrap.
            pub fn matches(&self, digits: &[u8]) -> bool {
                let Some(start) = digits.len().checked_sub(self.text.len()) else { return false };
                const UNBOUND: i8 = -1;
                let mut bound = [UNBOUND; 26];
                for &(index, letter) in &self.slots {
                    let value = (digits[start + index] - b'0') as i8;
                    if bound[letter] == UNBOUND {
                        if bound.contains(&value) {
                            return false;
                        }
                        bound[letter] = value;
                    } else if bound[letter] != value {
                        return false;
                    }
                }
                !self.is_run()
                    || bound
                        .iter()
                        .enumerate()
                        .all(|(k, &value)| value == UNBOUND || i32::from(value) == i32::from(bound[0]) + k as i32)
            }
        }

        /// The whole rule, parsed: every pattern in `RULE` order, then 丁's all-X pattern.
        pub struct Rule {
            pub patterns: Vec<Pattern>,
        }

        impl Rule {
            pub fn new() -> Rule {
                let mut patterns: Vec<Pattern> = RULE
                    .iter()
                    .flat_map(|&(grade, texts)| texts.iter().map(move |&text| Pattern::parse(grade, text)))
                    .collect();
                patterns.push(Pattern::parse(Grade::D, "XXXXXXX"));
                Rule { patterns }
            }

            /// Index of 丁's all-X pattern, the answer when nothing matches.
            fn none(&self) -> usize {
                self.patterns.len() - 1
            }

            /// Of two patterns that both match `digits`, the index of the winner: the better
            /// grade, or within a grade the one with more letters. Two equally specific patterns
            /// of one grade would make "most specific" ambiguous; the real implementation assumes
            /// that never happens, so it panics.
            fn better(&self, a: usize, b: usize, digits: &[u8]) -> usize {
                let (pa, pb) = (&self.patterns[a], &self.patterns[b]);
                match pa.grade.cmp(&pb.grade).then(pb.specificity().cmp(&pa.specificity())) {
                    Ordering::Less => a,
                    Ordering::Greater => b,
                    Ordering::Equal => {
                        panic!("{}: {} and {} tie", String::from_utf8_lossy(digits), pa.text, pb.text)
                    }
                }
            }

            /// Index into `patterns` of the winning pattern for `digits`, trying every pattern.
            pub fn classify(&self, digits: &[u8]) -> usize {
                let mut best = None;
                for (index, pattern) in self.patterns[..self.none()].iter().enumerate() {
                    if pattern.matches(digits) {
                        best = Some(best.map_or(index, |best| self.better(best, index, digits)));
                    }
                }
                best.unwrap_or(self.none())
            }

            /// The naive answer for any width: the 7-wide pattern with extra leading X.
            pub fn grade_of(&self, digits: &[u8]) -> (Grade, String) {
                let pattern = &self.patterns[self.classify(digits)];
                (pattern.grade, format!("{}{}", "X".repeat(digits.len() - pattern.text.len()), pattern.text))
            }

            /// `classify` for all 10^7 7-digit numbers at once (indexed by value), computed the
            /// other way round so that it is fast in debug builds: `matches` only looks at the
            /// lettered positions, so for each pattern it is enough to try every assignment of
            /// digits to its letters once, and to mark every number that has those digits there.
            pub fn table7(&self) -> Vec<u8> {
                const UNSET: u8 = u8::MAX;
                let mut table = vec![UNSET; 10_000_000];
                for (index, pattern) in self.patterns[..self.none()].iter().enumerate() {
                    assert_eq!(pattern.text.len(), 7);
                    let free: Vec<usize> = (0..7).filter(|i| !pattern.slots.iter().any(|s| s.0 == *i)).collect();
                    for assignment in 0..10u32.pow(pattern.letters.len() as u32) {
                        // Letter number `letters[k]` gets decimal digit k of `assignment`.
                        let mut digits = [b'0'; 7];
                        for &(position, letter) in &pattern.slots {
                            let Ok(k) = pattern.letters.binary_search(&letter) else { unreachable!() };
                            digits[position] = b'0' + (assignment / 10u32.pow(k as u32) % 10) as u8;
                        }
                        if !pattern.matches(&digits) {
                            continue;
                        }
                        // Every way of filling the X positions.
                        for fill in 0..10u32.pow(free.len() as u32) {
                            for (k, &position) in free.iter().enumerate() {
                                digits[position] = b'0' + (fill / 10u32.pow(k as u32) % 10) as u8;
                            }
                            let number = digits.iter().fold(0, |n, &d| n * 10 + usize::from(d - b'0'));
                            table[number] = match table[number] {
                                UNSET => index as u8,
                                best => self.better(usize::from(best), index, &digits) as u8,
                            };
                        }
                    }
                }
                for entry in &mut table {
                    if *entry == UNSET {
                        *entry = self.none() as u8;
                    }
                }
                table
            }
        }
    }

    /// Adds one to an ASCII decimal number in place; returns false when it wraps to all zeros.
    fn increment(digits: &mut [u8]) -> bool {
        for digit in digits.iter_mut().rev() {
            if *digit == b'9' {
                *digit = b'0';
            } else {
                *digit += 1;
                return true;
            }
        }
        false
    }

    #[test]
    fn naive_matcher_sanity() {
        let rule = naive::Rule::new();
        let matches = |text: &str, digits: &[u8]| {
            let Some(pattern) = rule.patterns.iter().find(|p| p.text == text) else { panic!("no {text}") };
            pattern.matches(digits)
        };
        assert!(matches("XXXABCD", b"2221234"));
        assert!(matches("XXXDCBA", b"2224321"));
        assert!(!matches("XXXDCBA", b"2221234"));
        assert!(!matches("XXXABAB", b"2221111"));
        assert!(matches("XXXABAB", b"2221212"));
        assert!(matches("XXXAAAA", b"2221111"));
        assert!(!matches("XXABCDE", b"2290123"));
        assert!(!matches("AAAAAAA", b"888888"));
        assert!(matches("XXXXXXX", b"2846193"));
        assert_eq!(rule.patterns.len(), 13);
    }

    /// Every 7-digit string 0000000–9999999 (which includes all valid local numbers
    /// 2000000–9999999): the real `grade_of` must agree with the naive matcher, and the number of
    /// hits per pattern must equal a hand count.
    ///
    /// Hand count over the 10^7 strings d0…d6 ("exactly n" = the run stops at n):
    /// * AAAAAAA 10; XAAAAAA 10·9 = 90; XXAAAAA 10·9·10 = 900; XXXAAAA 10·9·100 = 9000.
    /// * XABCDEF: d1…d6 ascending from 0…4, d0 free: 5·10 = 50.
    /// * XXABCDE exactly 5: start a ∈ 0…5, d1 ≠ a−1 (10 choices for a = 0, else 9), d0 free:
    ///   (10 + 5·9)·10 = 550.
    /// * XXXXAAA exactly 3 equal: 10·9·1000 = 90000.
    /// * XXXABCD exactly 4: start a ∈ 0…6, d2 ≠ a−1, d0 d1 free: (10 + 6·9)·100 = 6400.
    /// * XXXDCBA: d3…d6 descending from 3…9, d0…d2 free: 7·1000 = 7000.
    /// * XXXAABB and XXXABAB: 10·9 choices of A ≠ B, d0…d2 free: 90000 each.
    /// * XXXXABC exactly 3: start a ∈ 0…7, d3 ≠ a−1, d0…d2 free: (10 + 7·9)·1000 = 73000.
    /// * 丁: the rest, 10^7 − 367000 = 9633000.
    #[test]
    fn sweep_all_seven_digit_numbers() {
        let expected: [(&str, u32); 13] = [
            ("XXXAAAA", 9000),
            ("XXAAAAA", 900),
            ("XAAAAAA", 90),
            ("AAAAAAA", 10),
            ("XXABCDE", 550),
            ("XABCDEF", 50),
            ("XXXXAAA", 90000),
            ("XXXABCD", 6400),
            ("XXXDCBA", 7000),
            ("XXXAABB", 90000),
            ("XXXABAB", 90000),
            ("XXXXABC", 73000),
            ("XXXXXXX", 9633000),
        ];
        let rule = naive::Rule::new();
        let table = rule.table7();
        let mut counts = vec![0u32; rule.patterns.len()];
        let mut digits = *b"0000000";
        for &index in &table {
            let naive = &rule.patterns[usize::from(index)];
            let Ok(text) = std::str::from_utf8(&digits) else { unreachable!("ASCII digits") };
            let (grade, pattern) = grade_of(text);
            if grade != naive.grade || pattern != naive.text {
                panic!(
                    "{text}: grade_of gives {grade:?} {pattern}, the naive matcher {:?} {}",
                    naive.grade, naive.text
                );
            }
            counts[usize::from(index)] += 1;
            increment(&mut digits);
        }
        assert_eq!(digits, *b"0000000", "the table covers exactly 10^7 numbers");
        let actual: Vec<(&str, u32)> = rule.patterns.iter().map(|p| p.text).zip(counts).collect();
        assert_eq!(actual, expected);
    }

    /// The fast table of the sweep above against the naive matcher applied number by number,
    /// on every 7th number (the matcher is too slow in debug builds for all 10^7).
    #[test]
    fn naive_table_agrees_with_naive_matcher() {
        let rule = naive::Rule::new();
        let table = rule.table7();
        for number in (0..10_000_000).step_by(7) {
            let digits = format!("{number:07}");
            assert_eq!(rule.classify(digits.as_bytes()), usize::from(table[number]), "{digits}");
        }
    }

    /// 8-digit numbers: a stride through all 10^8 plus every number whose grade could depend on
    /// the eighth digit (the last six digits equal or ascending, any two leading digits).
    #[test]
    fn sweep_eight_digit_numbers() {
        let rule = naive::Rule::new();
        let mut checked = 0;
        let mut check = |digits: &[u8]| {
            let Ok(text) = std::str::from_utf8(digits) else { unreachable!("ASCII digits") };
            assert_eq!(grade_of(text), rule.grade_of(digits), "{text}");
            checked += 1;
        };
        // Stride 997 (prime) through 00000000–99999999.
        for n in (0..100_000_000u32).step_by(997) {
            check(format!("{n:08}").as_bytes());
        }
        // Last six equal (10 tails) or ascending (5 tails), under all 100 two-digit prefixes.
        let equal = (0..10u8).map(|d| d.to_string().repeat(6));
        let ascending = (0..5u8).map(|a| (a..a + 6).map(|d| d.to_string()).collect::<String>());
        let tails: Vec<String> = equal.chain(ascending).collect();
        for prefix in 0..100 {
            for tail in &tails {
                check(format!("{prefix:02}{tail}").as_bytes());
            }
        }
        assert_eq!(checked, 100_000_000usize.div_ceil(997) + 1500);
    }

    // ---- Parsing --------------------------------------------------------------------------------

    /// Parses `input` and checks normalized form, subscriber, grade and pattern.
    #[track_caller]
    fn assert_classified(input: &str, normalized: &str, subscriber: &str, grade: Grade, pattern: &str) {
        let expected = Classified {
            normalized: normalized.to_owned(),
            subscriber: subscriber.to_owned(),
            grade,
            pattern: pattern.to_owned(),
        };
        assert_eq!(classify(input), Ok(expected), "classify({input:?})");
    }

    #[track_caller]
    fn assert_error(input: &str, error: NumberError) {
        assert_eq!(classify(input), Err(error), "classify({input:?})");
    }

    #[test]
    fn parses_plain_local_numbers() {
        assert_classified("2345678", "2345678", "2345678", Grade::A, "XABCDEF");
        assert_classified("  88881234 ", "88881234", "88881234", Grade::B, "XXXXABCD");
        assert_classified("\t6228 1937\n", "62281937", "62281937", Grade::D, "XXXXXXXX");
    }

    #[test]
    fn parses_separators() {
        assert_classified("020-8888 1234", "020-88881234", "88881234", Grade::B, "XXXXABCD");
        assert_classified("(020)88881234", "020-88881234", "88881234", Grade::B, "XXXXABCD");
        assert_classified("(020) 8888-1234", "020-88881234", "88881234", Grade::B, "XXXXABCD");
        assert_classified("8888-1234", "88881234", "88881234", Grade::B, "XXXXABCD");
        assert_classified("222 1111", "2221111", "2221111", Grade::A, "XXXAAAA");
    }

    #[test]
    fn parses_area_codes() {
        // 010 and 02X are 3 digits.
        assert_classified("010-6666 6666", "010-66666666", "66666666", Grade::A, "XAAAAAAA");
        assert_classified("01023456789", "010-23456789", "23456789", Grade::A, "XXABCDEF");
        assert_classified("010-2345678", "010-2345678", "2345678", Grade::A, "XABCDEF");
        assert_classified("021 5432 1122", "021-54321122", "54321122", Grade::C, "XXXXAABB");
        assert_classified("029-8765 4321", "029-87654321", "87654321", Grade::B, "XXXXDCBA");
        // Other area codes are 4 digits.
        assert_classified("0755-2345 6789", "0755-23456789", "23456789", Grade::A, "XXABCDEF");
        assert_classified("0755 8888123", "0755-8888123", "8888123", Grade::C, "XXXXABC");
        assert_classified("(0571)87654321", "0571-87654321", "87654321", Grade::B, "XXXXDCBA");
        assert_classified("0311-6543 2121", "0311-65432121", "65432121", Grade::C, "XXXXABAB");
        assert_classified("0898-2846193", "0898-2846193", "2846193", Grade::D, "XXXXXXX");
    }

    #[test]
    fn rejects_empty_input() {
        assert_error("", NumberError::Empty);
        assert_error("   ", NumberError::Empty);
        assert_error(" - ( ) ", NumberError::Empty);
    }

    #[test]
    fn rejects_other_characters() {
        assert_error("020-8888a234", NumberError::NotDigits);
        assert_error("abc", NumberError::NotDigits);
        assert_error("+86 20 88881234", NumberError::NotDigits);
        assert_error("020.88881234", NumberError::NotDigits);
        assert_error("020/88881234", NumberError::NotDigits);
        assert_error("８８８８１２３４", NumberError::NotDigits);
        assert_error("8888１234", NumberError::NotDigits);
        assert_error("[020]88881234", NumberError::NotDigits);
        // Characters are checked before length.
        assert_error("12x", NumberError::NotDigits);
    }

    #[test]
    fn rejects_wrong_lengths() {
        assert_error("123456", NumberError::WrongLength);
        assert_error("234567", NumberError::WrongLength);
        assert_error("234567890", NumberError::WrongLength);
        assert_error("2345678901", NumberError::WrongLength);
        assert_error("0208888123456", NumberError::WrongLength);
        // The area code leaves too short or too long a local number.
        assert_error("0755-123456", NumberError::WrongLength);
        assert_error("0755-234567", NumberError::WrongLength);
        assert_error("020-234567890", NumberError::WrongLength);
        // 13 or more digits, or 00 (international prefix) in front.
        assert_error("0086-20-88881234", NumberError::WrongLength);
        assert_error("0023456789", NumberError::WrongLength);
    }

    #[test]
    fn rejects_local_numbers_starting_with_0_or_1() {
        assert_error("0234567", NumberError::WrongLength);
        assert_error("12345678", NumberError::WrongLength);
        assert_error("1888888", NumberError::WrongLength);
        assert_error("010-12345678", NumberError::WrongLength);
        assert_error("020-0888123", NumberError::WrongLength);
        assert_error("0755-1888888", NumberError::WrongLength);
        // An 11-digit mobile number is not a fixed line.
        assert_error("13812345678", NumberError::WrongLength);
    }

    #[test]
    fn classified_pattern_matches_subscriber_length() {
        for input in ["2345678", "020-88881234", "0755 2846193", "(010)22222222"] {
            let Ok(classified) = classify(input) else { panic!("{input} should parse") };
            assert_eq!(classified.pattern.len(), classified.subscriber.len(), "{input}");
            assert_eq!(grade_of(&classified.subscriber), (classified.grade, classified.pattern.clone()));
        }
    }

    #[test]
    fn error_messages() {
        assert_eq!(NumberError::Empty.to_string(), "请输入号码。");
        assert_eq!(NumberError::NotDigits.to_string(), "号码只能包含数字、空格、连字符和括号。");
        let zh = NumberError::WrongLength.to_string();
        assert!(zh.contains("7–8") && zh.contains("0 或 1"), "{zh}");
        let en = NumberError::WrongLength.message_en();
        assert!(en.contains("7–8 digits") && en.contains("0 or 1"), "{en}");
        assert_eq!(NumberError::Empty.message_en(), "Please enter a number.");
        assert!(NumberError::NotDigits.message_en().contains("digits, spaces, hyphens and parentheses"));
        // Usable as a boxed error.
        let boxed: Box<dyn std::error::Error> = Box::new(NumberError::NotDigits);
        assert_eq!(boxed.to_string(), NumberError::NotDigits.to_string());
    }
}
