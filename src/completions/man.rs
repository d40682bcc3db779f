//! The man pages: hookscope(1) and a page per subcommand, clap_mangen's sections put
//! together here, so that each page names only pages that exist.

use clap::Command;
use clap_mangen::roff::{bold, roman, Roff};
use clap_mangen::Man;

/// The manual's section: general commands.
const SECTION: &str = "1";

/// Every man page, named as its file in `completions/`. clap's own `help` subcommand has no
/// page, so it is left out of them (`hookscope help` still works); each subcommand's page
/// shows it as it is typed, `hookscope listen`, and sends the reader back to hookscope(1).
pub(super) fn pages(cmd: Command) -> Vec<(String, Vec<u8>)> {
    let mut top = cmd.disable_help_subcommand(true);
    // Built once from the top, so each subcommand has its global options (--color), its name
    // as typed (`hookscope listen`) and its page's name (`hookscope-listen`).
    top.build();
    let source = format!(
        "{} {}",
        top.get_name(),
        top.get_version().unwrap_or_default()
    );
    let mut pages = vec![page(&top, &source, None)];
    for sub in top.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.push(page(sub, &source, Some(top.get_name())));
    }
    pages
}

/// One page: clap_mangen's sections in its order, and a SEE ALSO that names the page
/// `see_also`.
fn page(cmd: &Command, source: &str, see_also: Option<&str>) -> (String, Vec<u8>) {
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
    add(&|w| man.render_name_section(w));
    add(&|w| man.render_synopsis_section(w));
    add(&|w| man.render_description_section(w));
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        add(&|w| man.render_options_section(w));
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        add(&|w| man.render_subcommands_section(w));
    }
    if cmd.get_after_long_help().is_some() || cmd.get_after_help().is_some() {
        add(&|w| man.render_extra_section(w));
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
    (name, out)
}
