//! The value of `--scheme` (and a config endpoint's `scheme`) for commands that can recognise
//! the scheme themselves.

use clap::ValueEnum;

use super::Kind;

/// `--scheme` for commands that can recognise the scheme themselves: `auto`, or a [`Kind`]
/// (whose names, aliases and descriptions it shows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchemeChoice(Option<Kind>);

impl SchemeChoice {
    pub const AUTO: SchemeChoice = SchemeChoice(None);

    /// The named scheme, or `None` for auto.
    pub fn kind(self) -> Option<Kind> {
        self.0
    }
}

impl ValueEnum for SchemeChoice {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: std::sync::OnceLock<Vec<SchemeChoice>> = std::sync::OnceLock::new();
        ALL.get_or_init(|| {
            std::iter::once(SchemeChoice::AUTO)
                .chain(
                    Kind::value_variants()
                        .iter()
                        .map(|k| SchemeChoice(Some(*k))),
                )
                .collect()
        })
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        match self.0 {
            None => Some(
                clap::builder::PossibleValue::new("auto")
                    .help("Pick the scheme from the headers present"),
            ),
            Some(k) => k.to_possible_value(),
        }
    }
}
