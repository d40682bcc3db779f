//! `hookscope inspect`: the inspector over the stored captures, without receiving webhooks.

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::InspectArgs;
use crate::exit::{Hinted, Outcome};
use crate::inspector::{self, Actions, Settings};
use crate::settings::{self, StoreUse};

pub fn run(args: InspectArgs) -> Result<Outcome> {
    let store = settings::store_dir(args.store.as_deref(), StoreUse::Read)?;
    if !store.is_dir() {
        return Err(Hinted::new(
            format!(
                "no store at '{}': nothing was captured there",
                store.display()
            ),
            ["run hookscope listen first, or pass --store DIR"],
        )
        .into());
    }
    let checking = settings::checking(
        &args.secrets,
        &args.public_keys.sources(),
        args.config.as_deref(),
        args.scheme,
        &args.hmac,
        &settings::no_window(),
        args.public_url.as_deref(),
    )?;
    let actions = Actions::new(checking, args.resign_secrets.resolve()?, args.fixtures);
    let running = inspector::start(Settings {
        store: store.clone(),
        port: args.ui_port,
        // Where listen answers by default: a copied command is meant for it.
        curl_base: "http://127.0.0.1:8080".into(),
        live: false,
        questions: None,
        actions,
    })?;
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .context("could not install the Ctrl-C handler")?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "inspector on {}", running.url)?;
        writeln!(out, "reading captures in {}", store.display())?;
        writeln!(out, "press Ctrl-C to stop")?;
        out.flush()?;
    }
    let _ = stop_rx.recv();
    Ok(Outcome::Success)
}
