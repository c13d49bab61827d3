//! Rust structs in and out of Go through serde (`govm::Serde`), as arguments and
//! results of Go functions and of host functions.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use govm::embed::HostType;
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

/// The Go types of `Address` and `User`: a host package's, or the script's own.
const ADDRESS_GO: &str = "struct {\n\tCity string\n\tZip  [3]byte\n}";
const USER_GO: &str = "struct {
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
}";

/// A script with its own `Address` and `User`.
fn script() -> String {
    format!("package main\n\nimport \"strings\"\n\ntype Address {ADDRESS_GO}\n\ntype User {USER_GO}\n{FUNCS}")
}

const FUNCS: &str = r#"
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
    let mut inst = Engine::new().compile(&script()).unwrap().instantiate().unwrap();
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

    let mut inst = Engine::new().compile(&script()).unwrap().instantiate().unwrap();
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
    let mut inst = Engine::new().compile(&script()).unwrap().instantiate().unwrap();
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

impl HostType for Address {
    const GO_NAME: &'static str = "Address";
    const GO_DEF: &'static str = ADDRESS_GO;
}

impl HostType for User {
    const GO_NAME: &'static str = "User";
    const GO_DEF: &'static str = USER_GO;
}

#[test]
fn host_functions_take_and_return_host_types() {
    let saved = Arc::new(Mutex::new(Vec::new()));
    let into = Arc::clone(&saved);
    let engine = Engine::new()
        .host_func("users", "Lookup", |id: u32| -> Result<Serde<User>, String> {
            match id {
                7 => Ok(Serde(user())),
                _ => Err(format!("no user {id}")),
            }
        })
        .host_func("users", "Save", move |Serde(u): Serde<User>| {
            into.lock().unwrap().push(u)
        })
        .host_func("users", "Works", |us: Vec<Serde<User>>| {
            us.into_iter()
                .map(|Serde(u)| (u.name, u.work.map(Serde)))
                .collect::<HashMap<String, Option<Serde<Address>>>>()
        });
    let program = engine
        .compile(
            r#"package main

import "users"

func Run() string {
	u, err := users.Lookup(7)
	if err != nil {
		return err.Error()
	}
	u.Name += "!"
	u.Tags = append(u.Tags, "seen")
	u.Work = &users.Address{City: "Paris", Zip: [3]byte{7, 5, 0}}
	users.Save(u)
	works := users.Works([]users.User{u, {Name: "nobody", Role: "Guest"}})
	if works["nobody"] != nil {
		return "nobody works"
	}
	_, err = users.Lookup(8)
	return works["ada!"].City + ", " + err.Error()
}
"#,
        )
        .unwrap();
    let mut inst = program.instantiate().unwrap();
    assert_eq!(inst.call::<_, String>("Run", ()).unwrap(), "Paris, no user 8");
    let mut want = user();
    want.name = "ada!".into();
    want.tags.push("seen".into());
    want.work = Some(Address {
        city: "Paris".into(),
        zip: [7, 5, 0],
    });
    assert_eq!(*saved.lock().unwrap(), [want]);
}

/// A host type whose Go definition lacks a field of its Rust type.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Point {
    x: i64,
    y: i64,
}

impl HostType for Point {
    const GO_NAME: &'static str = "Point";
    const GO_DEF: &'static str = "struct{ X int }";
}

#[test]
fn a_host_type_that_does_not_fit_its_rust_type_panics_in_the_script() {
    let engine = Engine::new()
        .host_func("geo", "Origin", || Serde(Point { x: 0, y: 0 }))
        .host_func("geo", "Norm", |Serde(p): Serde<Point>| p.x.abs() + p.y.abs());
    let program = engine
        .compile(
            r#"package main

import (
	"fmt"
	"geo"
)

func Norm() (n int, msg string) {
	defer func() { msg = fmt.Sprint(recover()) }()
	return geo.Norm(geo.Point{X: -3}), ""
}

func Origin() geo.Point { return geo.Origin() }
"#,
        )
        .unwrap();
    let mut inst = program.instantiate().unwrap();
    // Go's value has no `y` for the Rust one: a panic the script can recover from.
    let (n, msg) = inst.call::<_, (i64, String)>("Norm", ()).unwrap();
    assert_eq!(n, 0);
    assert_eq!(msg, "argument 1: missing field `y`");
    // The Rust value's `y` has no Go field to go to.
    match inst.call::<_, ()>("Origin", ()) {
        Err(Error::Panic(p)) => assert!(p.message.contains("geo.Point has no field y"), "{p:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn host_types_are_checked_when_the_engine_compiles() {
    #[derive(Serialize, Deserialize)]
    struct Other {
        x: i64,
    }
    impl HostType for Other {
        const GO_NAME: &'static str = "Point";
        const GO_DEF: &'static str = "struct{ X, Y int }";
    }
    #[derive(Serialize, Deserialize)]
    struct Lower;
    impl HostType for Lower {
        const GO_NAME: &'static str = "point";
        const GO_DEF: &'static str = "struct{}";
    }
    #[derive(Serialize, Deserialize)]
    struct Broken;
    impl HostType for Broken {
        const GO_NAME: &'static str = "Broken";
        const GO_DEF: &'static str = "struct{ X Missing }";
    }
    let src = "package main\n\nimport \"geo\"\n\nfunc F(p geo.Point) {}\n\nfunc G(geo.Broken) {}\n";
    let twice = Engine::new()
        .host_type::<Point>("geo")
        .host_func("geo", "Other", |_: Serde<Other>| {})
        .compile(src);
    assert!(
        matches!(&twice, Err(Error::Host(m)) if m.contains("geo.Point is defined twice")),
        "{:?}",
        twice.err()
    );
    let lower = Engine::new().host_type::<Lower>("geo").compile(src);
    assert!(
        matches!(&lower, Err(Error::Host(m)) if m.contains("\"point\" is not an exported")),
        "{:?}",
        lower.err()
    );
    let broken = Engine::new()
        .host_type::<Point>("geo")
        .host_type::<Broken>("geo")
        .compile(src);
    assert!(
        matches!(&broken, Err(Error::Compile(d)) if d.contains("geo/geo.go:") && d.contains("undefined: Missing")),
        "{:?}",
        broken.err()
    );
    // The same type declared for two packages is two Go types.
    let two = Engine::new()
        .host_func("a", "Make", || Serde(Point { x: 1, y: 0 }))
        .host_type::<Point>("b")
        .compile("package main\n\nimport (\n\t\"a\"\n\t\"b\"\n)\n\nfunc F() b.Point { return a.Make() }\n");
    assert!(
        matches!(&two, Err(Error::Compile(d)) if d.contains("cannot use a.Make() (value of type a.Point) as b.Point value")),
        "{:?}",
        two.err()
    );
}
