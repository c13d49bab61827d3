//! Configuration as a Go script: the application asks the script for its settings, and
//! the script may consult the application (here, the machine it runs on) through the
//! package `host`. A script with a type error is rejected with Go's diagnostic before
//! anything runs.
//!
//! `cargo run --release --example config`

use govm::{Engine, Error};

const CONFIG: &str = r#"package main

import (
	"fmt"
	"host"
)

func Name() string { return fmt.Sprintf("api-%s", host.Hostname()) }

func Port() int {
	if host.Cpus() > 1 {
		return 8443
	}
	return 8080
}

func Workers() int { return 2 * host.Cpus() }

func Allowed(user string) bool {
	switch user {
	case "root", "admin":
		return false
	}
	return len(user) > 2
}
"#;

fn engine() -> Engine {
    Engine::new()
        .host_func("host", "Hostname", || {
            std::fs::read_to_string("/etc/hostname").map_or("localhost".into(), |s| s.trim().to_string())
        })
        .host_func("host", "Cpus", || {
            std::thread::available_parallelism().map_or(1, |n| n.get() as i64)
        })
}

fn main() -> Result<(), Error> {
    let mut config = engine().compile(CONFIG)?.instantiate()?;
    let name: String = config.call("Name", ())?;
    let port: i64 = config.call("Port", ())?;
    let workers: i64 = config.call("Workers", ())?;
    println!("name={name} port={port} workers={workers}");
    for user in ["ann", "root", "al"] {
        println!("allowed({user}) = {}", config.call::<_, bool>("Allowed", (user,))?);
    }

    // A mistake in the script is a compile error, with its position.
    let typo = CONFIG.replace("return 8080", "return \"8080\"");
    match engine().compile(&typo) {
        Err(Error::Compile(diagnostics)) => print!("rejected:\n{diagnostics}"),
        other => println!("unexpected: {:?}", other.map(|_| ())),
    }
    Ok(())
}
