//! A plugin system: each plugin is a Go script with hooks the application calls, and the
//! application lends the plugins functions of its own (a log, a word list) as the Go
//! package `app`, with the type of the messages the hooks are given, `app.Message`. A
//! plugin that fails is reported and skipped; the others go on.
//!
//! `cargo run --release --example plugins`

use std::sync::{Arc, Mutex};

use govm::embed::HostType;
use govm::{Engine, Error, Func, Instance, Serde};
use serde::{Deserialize, Serialize};

const PLUGINS: [(&str, &str); 3] = [
    (
        "shout",
        r#"package main

import (
	"app"
	"strings"
)

func OnMessage(m app.Message) (string, error) {
	app.Log("shout saw " + m.User)
	return strings.ToUpper(m.Text), nil
}
"#,
    ),
    (
        "censor",
        r#"package main

import (
	"app"
	"errors"
	"strings"
)

func OnMessage(m app.Message) (string, error) {
	words := strings.Fields(m.Text)
	for i, w := range words {
		if app.Banned(strings.ToLower(w)) {
			if m.User == "guest" {
				return "", errors.New("guests may not say " + w)
			}
			words[i] = strings.Repeat("*", len(w))
		}
	}
	return strings.Join(words, " "), nil
}
"#,
    ),
    (
        "broken",
        r#"package main

import "app"

func OnMessage(m app.Message) (string, error) {
	var counts map[string]int
	counts[m.User]++ // a nil map: this plugin panics
	return m.Text, nil
}
"#,
    ),
];

/// What the hooks are given: `app.Message` in Go.
#[derive(Serialize, Deserialize)]
struct Message {
    user: String,
    text: String,
}

impl HostType for Message {
    const GO_NAME: &'static str = "Message";
    const GO_DEF: &'static str = "struct{ User, Text string }";
}

struct Plugin {
    name: &'static str,
    instance: Instance,
    on_message: Func<(Serde<Message>,), String>,
}

fn main() -> Result<(), Error> {
    let log = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = log.clone();
    let engine = Engine::new()
        .host_type::<Message>("app")
        .host_func("app", "Log", move |line: String| sink.lock().unwrap().push(line))
        .host_func("app", "Banned", |word: String| {
            ["darn", "heck"].contains(&word.as_str())
        });

    let mut plugins = Vec::new();
    for (name, source) in PLUGINS {
        let instance = engine.compile(source)?.instantiate()?;
        let on_message = instance.func("OnMessage")?;
        plugins.push(Plugin {
            name,
            instance,
            on_message,
        });
    }

    for (user, text) in [("ann", "well heck it works"), ("guest", "darn it")] {
        println!("{user}: {text}");
        for p in &mut plugins {
            let message = Message {
                user: user.to_string(),
                text: text.to_string(),
            };
            match p.on_message.call(&mut p.instance, (Serde(message),)) {
                Ok(reply) => println!("  {:<7} -> {reply}", p.name),
                Err(Error::Go(refusal)) => println!("  {:<7} refused: {refusal}", p.name),
                Err(Error::Ended) => println!("  {:<7} is disabled", p.name),
                Err(e) => println!("  {:<7} failed: {}", p.name, e.to_string().lines().next().unwrap_or("")),
            }
        }
    }
    println!("log: {:?}", log.lock().unwrap());
    Ok(())
}
