//! `hookscope fixture`: captures turned into fixtures fit to commit. Each capture is checked
//! first (one that no secret given verifies is skipped and named: a forgery never becomes a
//! valid fixture), the headers that only describe the capturing machine are dropped, `--redact`
//! takes values out, `--resign-secret` signs it for the test secret at the capture's own time,
//! and it is written as `<platform>-<event>[-N].json`. Nothing fresh goes in (no new id, no
//! "now"), so the same input gives the same bytes every run.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::as_fixture::{self, NotMade, Recipe};
use crate::capture::Capture;
use crate::cli::FixtureArgs;
use crate::exit::{Hinted, Outcome};
use crate::input;
use crate::redact;
use crate::render;
use crate::secret::NO_SECRET_HINT;
use crate::settings;
use crate::show;

pub fn run(args: FixtureArgs) -> Result<Outcome> {
    let checking = settings::checking(
        &args.check.secrets,
        &args.check.public_keys.sources(),
        args.config.as_deref(),
        args.scheme,
        &args.check.hmac,
        &args.check.time,
        args.check.public_url.as_deref(),
    )?;
    if checking.no_keys() {
        return Err(Hinted::new(
            "no secret given: fixture checks each capture first, so that a forgery never becomes a valid fixture",
            [NO_SECRET_HINT],
        )
        .into());
    }
    let receiver = args.resign_secrets.resolve()?;
    let rules: Vec<redact::Rule> = args.redact.iter().flatten().cloned().collect();
    if !rules.is_empty() && receiver.is_empty() {
        return Err(Hinted::new(
            "--redact changes each body, so its signature no longer matches",
            ["give the secret the fixtures are checked with: --resign-secret VALUE, --resign-secret-env NAME or --resign-secret-file PATH"],
        )
        .into());
    }
    let recipe = Recipe {
        routes: &checking.routes,
        rules: &rules,
        keep_header: &args.keep_header,
        receiver: &receiver,
    };
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("could not make the directory '{}'", args.out.display()))?;

    let mut out = std::io::stdout().lock();
    let mut names: HashMap<String, usize> = HashMap::new();
    let (mut written, mut skipped, mut unreadable) = (0, 0, 0);
    for path in input::capture_files(&args.paths)? {
        let source = path.display().to_string();
        let capture = match Capture::read(&path) {
            Ok(c) => c,
            Err(e) => {
                eprint!("{}", crate::exit::render_error(&e));
                unreadable += 1;
                continue;
            }
        };
        let fixture = match as_fixture::make(&capture, &recipe) {
            Ok(f) => f,
            Err(NotMade::Skipped(why)) => {
                out.write_all(show::fixture::skipped(&source, &why).as_bytes())?;
                skipped += 1;
                continue;
            }
            Err(NotMade::Unsignable(e)) => anyhow::bail!("{source}: {e}"),
        };
        let n = names.entry(fixture.stem.clone()).or_insert(0);
        *n += 1;
        let file = match *n {
            1 => format!("{}.json", fixture.stem),
            n => format!("{}-{n}.json", fixture.stem),
        };
        let target = args.out.join(&file);
        write(&target, &fixture.capture.to_json_with(None))?;
        written += 1;
        let line = show::fixture::written(
            &target.display().to_string(),
            &source,
            fixture.redacted,
            fixture.resigned,
            &fixture.dropped,
            &fixture.credentials_kept,
        );
        out.write_all(line.as_bytes())?;
    }
    out.write_all(show::fixture::summary(written, skipped, unreadable).as_bytes())?;
    Ok(if unreadable > 0 {
        Outcome::Failed
    } else if skipped > 0 {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| {
        format!(
            "could not write '{}'",
            render::line(&path.display().to_string())
        )
    })
}
