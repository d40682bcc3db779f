//! The man pages: hookscope(1) and a page per subcommand. clap_mangen writes the title,
//! synopsis, description, options and subcommands; the notes clap shows after the options
//! (exit codes, answers, examples) are written here, as roff a man page can re-wrap at any
//! width.
//!
//! Those notes are written once, for the terminal, wrapped by hand: a heading (`Exit codes:`),
//! then items `  TAG  text` whose text goes on in lines indented to where it starts, or
//! command lines under `Examples:`. clap_mangen would copy each of those lines as a roff line
//! of its own, and a line that starts with a space breaks the paragraph there, so `man` would
//! keep the terminal's line breaks at every width. Here each note becomes a section: an item a
//! `.TP` paragraph with its text joined, examples a `.nf` block, as written.

use anyhow::{anyhow, Result};
use clap::Command;
use clap_mangen::roff::{bold, roman, Roff};
use clap_mangen::Man;

/// The manual's section: general commands.
const SECTION: &str = "1";

/// Every man page, named as its file in `completions/`. clap's own `help` subcommand has no
/// page, so it is left out of them (`hookscope help` still works); each subcommand's page
/// shows it as it is typed, `hookscope listen`, and sends the reader back to hookscope(1).
pub(super) fn pages(cmd: Command) -> Result<Vec<(String, Vec<u8>)>> {
    let mut top = cmd.disable_help_subcommand(true);
    // Built once from the top, so each subcommand has its global options (--color), its name
    // as typed (`hookscope listen`) and its page's name (`hookscope-listen`).
    top.build();
    let source = format!(
        "{} {}",
        top.get_name(),
        top.get_version().unwrap_or_default()
    );
    let mut pages = vec![page(&top, &source, None)?];
    for sub in top.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.push(page(sub, &source, Some(top.get_name()))?);
    }
    Ok(pages)
}

/// One page: clap_mangen's sections in its order, the notes where it would put them, and a
/// SEE ALSO that names the page `see_also`.
fn page(cmd: &Command, source: &str, see_also: Option<&str>) -> Result<(String, Vec<u8>)> {
    let man = Man::new(cmd.clone()).section(SECTION).source(source);
    let name = man.get_filename();
    // Each of clap_mangen's sections is written with roff's preamble (the definition of the
    // apostrophe): it is written once, at the top.
    let preamble = Roff::new().render();
    let mut out = preamble.clone().into_bytes();
    let mut add = |render: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>| {
        let mut section = Vec::new();
        render(&mut section).expect("writing to a Vec cannot fail");
        out.extend_from_slice(
            section
                .strip_prefix(preamble.as_bytes())
                .unwrap_or(&section),
        );
    };
    add(&|w| man.render_title(w));
    // No hyphenation: a flag or a path broken at a line's end (`--max-re‐ quests`) would be
    // copied wrong.
    add(&|w| w.write_all(b".nh\n"));
    add(&|w| man.render_name_section(w));
    add(&|w| man.render_synopsis_section(w));
    add(&|w| man.render_description_section(w));
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        add(&|w| man.render_options_section(w));
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        add(&|w| man.render_subcommands_section(w));
    }
    if let Some(text) = cmd.get_after_long_help().or(cmd.get_after_help()) {
        let text = text.to_string();
        let notes = notes(&text).map_err(|why| {
            anyhow!("the notes after the options of {name} cannot be read: {why}")
        })?;
        let roff = roff_of(&notes);
        add(&|w| roff.to_writer(w));
    }
    if cmd.get_version().is_some() {
        add(&|w| man.render_version_section(w));
    }
    if cmd.get_author().is_some() {
        add(&|w| man.render_authors_section(w));
    }
    if let Some(page) = see_also {
        let mut roff = Roff::new();
        roff.control("SH", ["SEE ALSO"]);
        roff.text([bold(page), roman(format!("({SECTION})"))]);
        add(&|w| roff.to_writer(w));
    }
    Ok((name, out))
}

/// One note after the options.
#[derive(Debug, PartialEq)]
enum Note<'a> {
    /// A heading (without its colon) and its items: a tag and its text, joined into one line.
    List {
        heading: &'a str,
        items: Vec<(&'a str, String)>,
    },
    /// `Examples:` and its command lines as written, less the indentation they all have.
    Examples(Vec<&'a str>),
}

/// The indentation of a note's items (and of every example line).
const INDENT: &str = "  ";

/// Reads the notes from their terminal text. Anything that is not a heading, an item, an
/// item's further line or an example is refused, naming its line: it would be shown wrongly.
fn notes(text: &str) -> Result<Vec<Note<'_>>, String> {
    let mut notes = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, first)) = lines.next() {
        if first.trim().is_empty() {
            continue;
        }
        let at = |n: usize| format!("line {}", n + 1);
        let heading = first
            .strip_suffix(':')
            .filter(|h| !h.starts_with(' '))
            .ok_or_else(|| {
                format!(
                    "{}: a note starts with its heading, such as 'Exit codes:', not {first:?}",
                    at(n)
                )
            })?;
        let body = lines.by_ref().take_while(|(_, l)| !l.trim().is_empty());
        if heading == "Examples" {
            let mut examples = Vec::new();
            for (n, line) in body {
                let command = line.strip_prefix(INDENT).ok_or_else(|| {
                    format!(
                        "{}: an example is indented by {} spaces",
                        at(n),
                        INDENT.len()
                    )
                })?;
                examples.push(command.trim_end());
            }
            notes.push(Note::Examples(examples));
            continue;
        }
        // Each item: its tag, its text so far, and the column its text starts at.
        let mut items: Vec<(&str, String, usize)> = Vec::new();
        for (n, line) in body {
            let rest = line.trim_start_matches(' ');
            let indent = line.len() - rest.len();
            if indent == INDENT.len() {
                let (tag, text) = rest.split_once("  ").ok_or_else(|| {
                    format!(
                        "{}: an item is its tag and its text, two spaces apart: {line:?}",
                        at(n)
                    )
                })?;
                let text = text.trim_start();
                let column = line.chars().count() - text.chars().count();
                items.push((tag, text.trim_end().to_string(), column));
                continue;
            }
            match items.last_mut() {
                Some((_, text, column)) if indent == *column => {
                    text.push(' ');
                    text.push_str(rest.trim_end());
                }
                _ => {
                    return Err(format!(
                        "{}: a line indented by {indent} spaces is neither an item (indented by \
                         {}) nor the rest of one (indented to where its text starts): {line:?}",
                        at(n),
                        INDENT.len()
                    ))
                }
            }
        }
        if items.is_empty() {
            return Err(format!("{}: the heading {heading:?} has no items", at(n)));
        }
        notes.push(Note::List {
            heading,
            items: items.into_iter().map(|(t, text, _)| (t, text)).collect(),
        });
    }
    Ok(notes)
}

/// The notes as man page sections. A heading's aside, `Exit codes (after Ctrl-C or
/// --max-requests)`, is not put in capitals with it (a flag's name would change): it opens the
/// section's text instead.
fn roff_of(notes: &[Note]) -> Roff {
    let mut roff = Roff::new();
    for note in notes {
        match note {
            Note::List { heading, items } => {
                let (name, aside) = match heading.strip_suffix(')').and_then(|h| h.split_once(" ("))
                {
                    Some((name, aside)) => (name, Some(aside)),
                    None => (*heading, None),
                };
                roff.control("SH", [name.to_uppercase().as_str()]);
                if let Some(aside) = aside {
                    let mut chars = aside.chars();
                    let first = chars.next().map(|c| c.to_uppercase().to_string());
                    roff.text([roman(format!(
                        "{}{}:",
                        first.unwrap_or_default(),
                        chars.as_str()
                    ))]);
                }
                for (tag, text) in items {
                    roff.control("TP", []);
                    roff.text([bold(*tag)]);
                    roff.text([roman(text.as_str())]);
                }
            }
            Note::Examples(lines) => {
                roff.control("SH", ["EXAMPLES"]);
                roff.control("nf", []);
                for line in lines {
                    roff.text([roman(*line)]);
                }
                roff.control("fi", []);
            }
        }
    }
    roff
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTES: &str = "\
Exit codes (after Ctrl-C or --max-requests):
  0  every delivery was valid (or unchecked, with no secret given)
  1  some delivery had an invalid or missing signature, or was refused unread (413, 414,
     408, 400, 503)

Answers:
  200 {\"ok\":true}         a notification with a valid signature
  405, 413, 503           wrong method, body over --max-body,
                          delivery not stored (retry)

Examples:
  hookscope listen            # inspect
  hookscope verify --secret-file secrets.txt \\
      fixtures/";

    #[test]
    fn items_are_read_with_their_text_joined_and_examples_as_written() {
        assert_eq!(
            notes(NOTES).unwrap(),
            vec![
                Note::List {
                    heading: "Exit codes (after Ctrl-C or --max-requests)",
                    items: vec![
                        ("0", "every delivery was valid (or unchecked, with no secret given)".into()),
                        ("1", "some delivery had an invalid or missing signature, or was refused unread (413, 414, 408, 400, 503)".into()),
                    ],
                },
                Note::List {
                    heading: "Answers",
                    items: vec![
                        ("200 {\"ok\":true}", "a notification with a valid signature".into()),
                        ("405, 413, 503", "wrong method, body over --max-body, delivery not stored (retry)".into()),
                    ],
                },
                Note::Examples(vec![
                    "hookscope listen            # inspect",
                    "hookscope verify --secret-file secrets.txt \\",
                    "    fixtures/",
                ]),
            ]
        );
    }

    #[test]
    fn each_item_is_a_paragraph_and_the_examples_are_not_filled() {
        let roff = roff_of(&notes(NOTES).unwrap()).to_roff();
        assert!(
            roff.starts_with(
                ".SH \"EXIT CODES\"\nAfter Ctrl\\-C or \\-\\-max\\-requests:\n.TP\n\\fB0\\fR\nevery delivery was valid"
            ),
            "{roff}"
        );
        assert!(roff.contains("\n.TP\n\\fB1\\fR\nsome delivery had an invalid or missing signature, or was refused unread (413, 414, 408, 400, 503)\n"), "{roff}");
        assert!(
            roff.ends_with(
                ".SH EXAMPLES\n.nf\nhookscope listen            # inspect\nhookscope verify \\-\\-secret\\-file secrets.txt \\\\\n    fixtures/\n.fi\n"
            ),
            "{roff}"
        );
    }

    #[test]
    fn text_that_does_not_read_as_notes_is_refused_naming_its_line() {
        for (text, says) in [
            ("  0  no heading", "line 1: a note starts with its heading"),
            (
                "Exit codes:\n  0 one space",
                "line 2: an item is its tag and its text",
            ),
            (
                "Exit codes:\n  0  text\n    not under the text",
                "line 3: a line indented by 4 spaces",
            ),
            (
                "Exit codes:\n\nAnswers:\n  200  ok",
                "line 1: the heading \"Exit codes\" has no items",
            ),
            (
                "Examples:\nhookscope listen",
                "line 2: an example is indented by 2 spaces",
            ),
        ] {
            let why = notes(text).unwrap_err();
            assert!(why.starts_with(says), "{text:?}: {why}");
        }
    }
}
