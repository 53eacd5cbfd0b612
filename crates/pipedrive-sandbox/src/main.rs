//! `pipedrive-sandbox --port P --seed N [--seed-deals K] [--token T]`: serves a sandbox
//! until SIGTERM or SIGINT, then exits 0.
use pipedrive_sandbox::Sandbox;
use std::io::Write;
use std::process::ExitCode;
use std::sync::mpsc;

const USAGE: &str = "usage: pipedrive-sandbox [--port P] [--seed N] [--seed-deals K] [--token T]

  --port P        port on 127.0.0.1 (0 = any free port; default 0)
  --seed N        fill the account with deterministic demo data from seed N
  --seed-deals K  number of seeded deals (default 100)
  --token T       accept only this API token (default: any non-empty token)";

fn parse() -> Result<pipedrive_sandbox::SandboxBuilder, String> {
    let mut b = Sandbox::builder();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        if name == "--help" || name == "-h" {
            return Err(String::new());
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        b = match name.as_str() {
            "--port" => b.port(
                value()?
                    .parse()
                    .map_err(|_| "--port must be 0-65535".to_owned())?,
            ),
            "--seed" => b.seed(
                value()?
                    .parse()
                    .map_err(|_| "--seed must be an integer".to_owned())?,
            ),
            "--seed-deals" => b.seed_deals(
                value()?
                    .parse()
                    .map_err(|_| "--seed-deals must be an integer".to_owned())?,
            ),
            "--token" => b.token(value()?),
            other => return Err(format!("unknown argument {other}")),
        };
    }
    Ok(b)
}

fn main() -> ExitCode {
    let builder = match parse() {
        Ok(b) => b,
        Err(msg) if msg.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("pipedrive-sandbox: {msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (tx, rx) = mpsc::channel();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = tx.send(());
    }) {
        eprintln!("pipedrive-sandbox: cannot install signal handler: {e}");
        return ExitCode::FAILURE;
    }
    let sandbox = match builder.start() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("pipedrive-sandbox: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "pipedrive-sandbox listening on {}", sandbox.base_url());
    let _ = out.flush();
    drop(out);
    let _ = rx.recv();
    sandbox.stop();
    ExitCode::SUCCESS
}
