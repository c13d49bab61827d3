//! Rust structs in and out of Go through serde (`govm::Serde`).

use std::collections::HashMap;

use govm::{Engine, Error, Serde};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
enum Role {
    Admin,
    Guest,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Address {
    city: String,
    zip: [u8; 3],
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct User {
    user_id: u32,
    name: String,
    score: f64,
    active: bool,
    tags: Vec<String>,
    home: Address,
    work: Option<Address>,
    limits: HashMap<String, i64>,
    role: Role,
    level: i8,
}

const SCRIPT: &str = r#"package main

import "strings"

type Address struct {
	City string
	Zip  [3]byte
}

type User struct {
	UserID uint32
	Name   string
	Score  float64
	Active bool
	Tags   []string
	Home   Address
	Work   *Address
	Limits map[string]int
	Role   string
	Level  int8
	Notes  string
}

func Promote(u User) User {
	u.Name = strings.ToUpper(u.Name)
	u.Score *= 2
	u.Tags = append(u.Tags, "promoted")
	u.Limits["max"] = 10 * u.Limits["max"]
	u.Role = "Admin"
	u.Level--
	if u.Work == nil {
		u.Work = &Address{City: u.Home.City, Zip: [3]byte{9, 9, 9}}
	}
	u.Notes = "promoted by Go"
	return u
}

func Describe(u User) string {
	return u.Name + " of " + u.Home.City + " (" + u.Role + ")"
}

func Users(n int) []User {
	var us []User
	for i := 0; i < n; i++ {
		us = append(us, User{UserID: uint32(i), Name: strings.Repeat("x", i), Role: "Guest", Level: -3})
	}
	return us
}

type Pair struct {
	A, B int
}

func Swap(p Pair) Pair { return Pair{p.B, p.A} }

func Limit() int { return 0 }
"#;

fn user() -> User {
    User {
        user_id: 7,
        name: "ada".into(),
        score: 1.5,
        active: true,
        tags: vec!["new".into()],
        home: Address {
            city: "London".into(),
            zip: [1, 2, 3],
        },
        work: None,
        limits: HashMap::from([("max".to_string(), 3)]),
        role: Role::Guest,
        level: -1,
    }
}

#[test]
fn structs_round_trip_through_go() {
    let mut inst = Engine::new().compile(SCRIPT).unwrap().instantiate().unwrap();
    let Serde(u) = inst.call::<_, Serde<User>>("Promote", (Serde(user()),)).unwrap();
    let mut want = user();
    want.name = "ADA".into();
    want.score = 3.0;
    want.tags.push("promoted".into());
    want.limits.insert("max".into(), 30);
    want.role = Role::Admin;
    want.level = -2;
    want.work = Some(Address {
        city: "London".into(),
        zip: [9, 9, 9],
    });
    assert_eq!(u, want);
    let d: String = inst.call("Describe", (Serde(user()),)).unwrap();
    assert_eq!(d, "ada of London (Guest)");
}

#[test]
fn sequences_of_structs_and_tuple_structs_convert() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Pair(i64, i64);

    let mut inst = Engine::new().compile(SCRIPT).unwrap().instantiate().unwrap();
    let Serde(us) = inst.call::<_, Serde<Vec<User>>>("Users", (3,)).unwrap();
    assert_eq!(us.len(), 3);
    assert_eq!(us[2].name, "xx");
    assert_eq!(us[2].role, Role::Guest);
    assert_eq!(us[1].level, -3);
    assert_eq!(us[0].work, None);
    assert!(us[0].limits.is_empty());
    let Serde(p) = inst.call::<_, Serde<Pair>>("Swap", (Serde(Pair(1, 2)),)).unwrap();
    assert_eq!(p, Pair(2, 1));
}

#[test]
fn mismatched_structs_are_type_errors() {
    #[derive(Serialize)]
    struct Extra {
        name: String,
        nickname: String,
    }
    #[derive(Serialize)]
    struct Wrong {
        name: i64,
    }
    #[derive(Deserialize, Debug)]
    struct Needs {
        #[allow(dead_code)]
        missing: i64,
    }
    let mut inst = Engine::new().compile(SCRIPT).unwrap().instantiate().unwrap();
    let extra = Extra {
        name: "a".into(),
        nickname: "b".into(),
    };
    let err = inst.call::<_, String>("Describe", (Serde(extra),)).unwrap_err();
    assert!(
        matches!(&err, Error::Types(m) if m.contains("main.User has no field nickname")),
        "{err:?}"
    );
    let err = inst
        .call::<_, String>("Describe", (Serde(Wrong { name: 1 }),))
        .unwrap_err();
    assert!(matches!(&err, Error::Types(m) if m.contains("field Name")), "{err:?}");
    let err = inst.call::<_, Serde<Needs>>("Swap", (Serde((1, 2)),)).unwrap_err();
    assert!(matches!(&err, Error::Types(m) if m.contains("missing")), "{err:?}");
    // A Rust value of the wrong shape for a plain Go type.
    let err = inst.call::<_, i64>("Describe", (Serde(vec![1]),)).unwrap_err();
    assert!(matches!(&err, Error::Types(m) if m.contains("a sequence")), "{err:?}");
    // The instance is unharmed by the refused calls.
    assert_eq!(inst.call::<_, i64>("Limit", ()).unwrap(), 0);
}
