//! Micro-survey kinds: their scales and scores.

/// The kinds of micro-survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyKind {
    /// Net Promoter Score: 0-10; the score is % promoters (9-10) minus % detractors (0-6).
    Nps,
    /// Customer satisfaction: 1-5; the score is the % of 4s and 5s.
    Csat,
    /// Customer effort: 1-7; the score is the mean.
    Ces,
}

impl SurveyKind {
    /// The scale, lowest to highest.
    pub fn scale(self) -> std::ops::RangeInclusive<u8> {
        match self {
            SurveyKind::Nps => 0..=10,
            SurveyKind::Csat => 1..=5,
            SurveyKind::Ces => 1..=7,
        }
    }

    /// The name used in configs and stats.
    pub fn name(self) -> &'static str {
        match self {
            SurveyKind::Nps => "nps",
            SurveyKind::Csat => "csat",
            SurveyKind::Ces => "ces",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<SurveyKind> {
        [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces]
            .into_iter()
            .find(|k| k.name() == name)
    }

    /// The survey's score by its standard formula, `None` without answers.
    ///
    /// ```
    /// use shop_assistant::core::survey::SurveyKind;
    /// assert_eq!(SurveyKind::Nps.score(&[10, 9, 8, 3]), Some(25.0)); // 50% promoters - 25% detractors
    /// assert_eq!(SurveyKind::Csat.score(&[5, 4, 2, 1]), Some(50.0));
    /// assert_eq!(SurveyKind::Ces.score(&[2, 4]), Some(3.0));
    /// ```
    pub fn score(self, answers: &[u8]) -> Option<f64> {
        if answers.is_empty() {
            return None;
        }
        let n = answers.len() as f64;
        let share =
            |f: &dyn Fn(u8) -> bool| answers.iter().filter(|&&a| f(a)).count() as f64 / n * 100.0;
        Some(match self {
            SurveyKind::Nps => share(&|a| a >= 9) - share(&|a| a <= 6),
            SurveyKind::Csat => share(&|a| a >= 4),
            SurveyKind::Ces => answers.iter().map(|&a| f64::from(a)).sum::<f64>() / n,
        })
    }
}
