//! Exit codes, and errors that carry hints on what to do.

use std::fmt;
use std::process::ExitCode;

use crate::render;

/// How a run ended when nothing went wrong operationally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything checked was valid, everything asked for was done: exit 0.
    Success,
    /// A negative verdict (invalid signature, expired timestamp): exit 1.
    Negative,
    /// Some input could not be read; the errors were already printed: exit 2.
    Failed,
}

pub const SUCCESS: u8 = 0;
pub const NEGATIVE: u8 = 1;
pub const ERROR: u8 = 2;

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => SUCCESS,
            Outcome::Negative => NEGATIVE,
            Outcome::Failed => ERROR,
        }
    }

    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(self.code())
    }
}

/// An error whose message is followed by `hint:` lines saying what to do.
#[derive(Debug)]
pub struct Hinted {
    pub message: String,
    pub hints: Vec<String>,
}

impl Hinted {
    pub fn new(
        message: impl Into<String>,
        hints: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Hinted {
            message: message.into(),
            hints: hints.into_iter().map(Into::into).collect(),
        }
    }
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

/// Whether an error is only a closed pipe (`hookscope … | head`), which is no failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error line and its hints, as printed on standard error. Errors quote what they are
/// about (file names, capture ids, causes read from files), so each line is escaped here, the
/// one place every error passes on its way to the terminal.
pub fn render_error(err: &anyhow::Error) -> String {
    // Some causes span lines (a TOML parse error points at the line it read): those stay,
    // every other control character is escaped.
    let mut out = format!("hookscope: error: {}\n", render::text(&format!("{err:#}")));
    for cause in err.chain() {
        if let Some(h) = cause.downcast_ref::<Hinted>() {
            for hint in &h.hints {
                out.push_str(&format!("hint: {}\n", render::line(hint)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn codes_are_documented_values() {
        assert_eq!(Outcome::Success.code(), 0);
        assert_eq!(Outcome::Negative.code(), 1);
        assert_eq!(Outcome::Failed.code(), 2);
    }

    #[test]
    fn a_cause_over_several_lines_keeps_them_and_escapes_the_rest() {
        let err = anyhow::anyhow!("TOML parse error at line 4\n  |\n4 | secret = \"x\u{1b}[2J\"");
        let text = render_error(&err);
        assert!(text.contains("line 4\n  |\n4 | secret"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
    }

    #[test]
    fn hints_follow_the_error_line_even_under_context() {
        let err = anyhow::Error::new(Hinted::new("no secret given", ["give one with --secret"]))
            .context("verify");
        let text = render_error(&err);
        assert_eq!(
            text,
            "hookscope: error: verify: no secret given\nhint: give one with --secret\n"
        );
    }

    #[test]
    fn error_lines_and_hints_from_untrusted_names_are_escaped() {
        let err = anyhow::Error::new(Hinted::new(
            "--id 0 matches 2 captures: 0\x1b[2J, 0\u{9b}31m",
            ["look at 'x\x1b]0;owned\x07.json'\nhint: forged"],
        ))
        .context("could not read capture 'evil\r\x1b[31m.json'");
        let text = render_error(&err);
        assert_eq!(
            text,
            "hookscope: error: could not read capture 'evil\\r\\x1b[31m.json': --id 0 matches 2 captures: 0\\x1b[2J, 0\\x9b31m\n\
             hint: look at 'x\\x1b]0;owned\\x07.json'\\nhint: forged\n"
        );
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let io = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let err = Err::<(), _>(io).context("writing").unwrap_err();
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}
