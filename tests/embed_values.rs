//! Values of the embedder's own types cross as the built-in ones they pass themselves
//! on as (`ToGo`, `FromGo`, `Args`, `Results`, `HostValue`), and what would let a Go
//! value be something other than what its type says is refused: a conversion that
//! writes no value, arguments that do not fill the parameters, a map value without its
//! key, a host package whose Go text redeclares the types a host function's fast path
//! writes.

use std::collections::HashMap;

use govm::embed::{Args, FromGo, GoArgs, GoOut, GoValue, GoValues, HostType, HostValue, Results, ToGo};
use govm::{Engine, Error, Serde};
use serde::{Deserialize, Serialize, Serializer};

/// A temperature, a Go float64.
#[derive(Debug, PartialEq, Clone, Copy)]
struct Celsius(f64);

impl ToGo for Celsius {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        self.0.to_go(out)
    }
}

impl FromGo for Celsius {
    fn from_go(v: GoValue<'_>) -> Result<Self, String> {
        f64::from_go(v).map(Celsius)
    }
}

impl HostValue for Celsius {
    fn go_type() -> String {
        "float64".into()
    }
}

/// Labels, a Go `[]string`.
#[derive(Debug, PartialEq, Clone)]
struct Tags(Vec<String>);

impl ToGo for Tags {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        self.0.to_go(out)
    }
}

impl FromGo for Tags {
    fn from_go(v: GoValue<'_>) -> Result<Self, String> {
        Vec::from_go(v).map(Tags)
    }
}

impl HostValue for Tags {
    fn go_type() -> String {
        "[]string".into()
    }
}

/// A reading: a place and its temperature, as two Go arguments or results.
#[derive(Debug, PartialEq)]
struct Reading {
    place: String,
    temp: Celsius,
}

impl Args for Reading {
    const COUNT: usize = 2;
    fn to_go_args(&self, args: &mut GoArgs<'_>) -> Result<(), String> {
        args.push(&self.place)?;
        args.push(&self.temp)
    }
}

impl Results for Reading {
    const COUNT: usize = 2;
    fn from_go_results(results: GoValues<'_>) -> Result<Self, String> {
        Ok(Reading {
            place: String::from_go(results.get(0))?,
            temp: Celsius::from_go(results.get(1))?,
        })
    }
}

#[test]
fn delegating_conversions_cross_as_arguments_results_and_host_values() {
    let engine = Engine::new()
        .host_func("host", "Warmer", |c: Celsius, by: Option<Celsius>| {
            Celsius(c.0 + by.map_or(1.0, |b| b.0))
        })
        .host_func("host", "Tagged", |t: Tags, extra: HashMap<String, Celsius>| {
            let mut t = t.0;
            t.extend(extra.into_keys());
            t.sort();
            Tags(t)
        })
        .host_func("host", "Hottest", |cs: Vec<Celsius>| {
            cs.into_iter()
                .fold(Celsius(f64::MIN), |a, b| if b.0 > a.0 { b } else { a })
        });
    let program = engine.compile(
        r#"package main

import "host"

func Warm(c float64) float64 { return host.Warmer(c, nil) }

func WarmBy(c, by float64) float64 { return host.Warmer(c, &by) }

func Tag(tags []string) []string { return host.Tagged(tags, map[string]float64{"hot": 40}) }

func Hottest(cs []float64) float64 { return host.Hottest(cs) }

func Report(place string, c float64) (string, float64) { return place + "!", c * 2 }

func Tags() []string { return []string{"a", "b"} }

func Temps() ([]float64, map[string]float64, *float64) {
	c := 3.0
	return []float64{1.5, -2}, map[string]float64{"Oslo": -4.5}, &c
}
"#,
    );
    let mut inst = program.unwrap().instantiate().unwrap();
    assert_eq!(inst.call::<_, Celsius>("Warm", Celsius(20.0)).unwrap(), Celsius(21.0));
    assert_eq!(
        inst.call::<_, Celsius>("WarmBy", (Celsius(20.0), Celsius(5.0)))
            .unwrap(),
        Celsius(25.0)
    );
    let tags = inst.call::<_, Tags>("Tag", Tags(vec!["b".into(), "a".into()])).unwrap();
    assert_eq!(tags, Tags(vec!["a".into(), "b".into(), "hot".into()]));
    assert_eq!(
        inst.call::<_, Celsius>("Hottest", vec![Celsius(3.0), Celsius(9.5), Celsius(-1.0)])
            .unwrap(),
        Celsius(9.5)
    );
    assert_eq!(
        inst.call::<_, Tags>("Tags", ()).unwrap(),
        Tags(vec!["a".into(), "b".into()])
    );
    // Inside the built-in containers, each element, key or pointee is read as a value
    // of its own type.
    let (temps, by_place, maybe): (Vec<Celsius>, HashMap<String, Celsius>, Option<Celsius>) =
        inst.call("Temps", ()).unwrap();
    assert_eq!(temps, [Celsius(1.5), Celsius(-2.0)]);
    assert_eq!(by_place, HashMap::from([("Oslo".to_string(), Celsius(-4.5))]));
    assert_eq!(maybe, Some(Celsius(3.0)));
    let reading = Reading {
        place: "Oslo".into(),
        temp: Celsius(-4.5),
    };
    let back: Reading = inst.call("Report", reading).unwrap();
    assert_eq!(
        back,
        Reading {
            place: "Oslo!".into(),
            temp: Celsius(-9.0)
        }
    );
    // A delegating conversion refuses what the one it delegates to refuses.
    assert!(
        matches!(inst.call::<_, Celsius>("Tags", ()), Err(Error::Types(m)) if m.contains("f64 does not convert to or from Go type []string"))
    );
}

/// Writes nothing to its place.
struct Nothing;

impl ToGo for Nothing {
    fn to_go(&self, _: GoOut<'_>) -> Result<(), String> {
        Ok(())
    }
}

/// Passes its place to a conversion that refuses it, and hides the refusal.
struct Hidden;

impl ToGo for Hidden {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        let _ = "text".to_go(out);
        Ok(())
    }
}

impl FromGo for Hidden {
    fn from_go(v: GoValue<'_>) -> Result<Self, String> {
        i64::from_go(v).map(|_| Hidden)
    }
}

impl HostValue for Hidden {
    fn go_type() -> String {
        "int".into()
    }
}

#[test]
fn a_conversion_that_writes_no_value_is_an_error() {
    let engine = Engine::new().host_func("host", "Hidden", || Hidden);
    let program = engine
        .compile(
            r#"package main

import "host"

func Len(s string) int { return len(s) }

func Count(xs []int) int { return len(xs) }

func Keys(m map[string]int) int { return len(m) }

func Call() int { return host.Hidden() }
"#,
        )
        .unwrap();
    let mut inst = program.instantiate().unwrap();
    let types_error = |r: Result<i64, Error>| match r {
        Err(Error::Types(m)) => m,
        other => panic!("{other:?}"),
    };
    let m = types_error(inst.call("Len", Nothing));
    assert_eq!(m, "main.Len: argument 1: no value was written for Go type string");
    let m = types_error(inst.call("Count", vec![Nothing]));
    assert_eq!(
        m,
        "main.Count: argument 1: element 0: no value was written for Go type int"
    );
    let m = types_error(inst.call("Count", vec![Hidden]));
    assert_eq!(
        m,
        "main.Count: argument 1: element 0: no value was written for Go type int"
    );
    let m = types_error(inst.call("Keys", HashMap::from([("k", Nothing)])));
    assert_eq!(m, "main.Keys: argument 1: value: no value was written for Go type int");
    // The instance goes on: nothing was called.
    assert_eq!(inst.call::<_, i64>("Len", "abc").unwrap(), 3);
    // As a host function's result, it is the embedder's bug, a Go panic in the script.
    match inst.call::<_, i64>("Call", ()) {
        Err(Error::Panic(p)) => assert_eq!(p.message, "result 1: no value was written for Go type int"),
        other => panic!("{other:?}"),
    }
}

/// Passes as many of its integers as it has, whatever the parameters.
struct Ints(Vec<i64>);

impl Args for Ints {
    const COUNT: usize = 2;
    fn to_go_args(&self, args: &mut GoArgs<'_>) -> Result<(), String> {
        self.0.iter().try_for_each(|n| args.push(n))
    }
}

#[test]
fn arguments_must_fill_the_parameters() {
    let program = Engine::new()
        .compile("package main\n\nfunc Sub(a, b int) int { return a - b }\n")
        .unwrap();
    let mut inst = program.instantiate().unwrap();
    assert_eq!(inst.call::<_, i64>("Sub", Ints(vec![5, 3])).unwrap(), 2);
    match inst.call::<_, i64>("Sub", Ints(vec![5])) {
        Err(Error::Types(m)) => assert_eq!(m, "main.Sub: arguments written: 1 of 2"),
        other => panic!("{other:?}"),
    }
    match inst.call::<_, i64>("Sub", Ints(vec![5, 3, 1])) {
        Err(Error::Types(m)) => assert_eq!(m, "main.Sub: argument 3: there are only 2"),
        other => panic!("{other:?}"),
    }
}

/// A map serialized with its value before its key, as a serde `Serializer` must
/// never be driven.
struct ValueFirst;

impl Serialize for ValueFirst {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_value(&1)?;
        m.serialize_key("k")?;
        m.end()
    }
}

#[test]
fn a_serializer_driven_out_of_order_is_an_error() {
    let program = Engine::new()
        .compile("package main\n\nfunc Len(m map[string]int) int { return len(m) }\n")
        .unwrap();
    let mut inst = program.instantiate().unwrap();
    match inst.call::<_, i64>("Len", Serde(ValueFirst)) {
        Err(Error::Types(m)) => assert_eq!(m, "main.Len: argument 1: a map value without its key"),
        other => panic!("{other:?}"),
    }
}

#[derive(Serialize, Deserialize)]
struct Shadow {}

/// A host type whose definition goes on to redeclare Go's `int` in its package.
impl HostType for Shadow {
    const GO_NAME: &'static str = "Shadow";
    const GO_DEF: &'static str = "struct{}\n\ntype int string";
}

#[test]
fn a_host_package_that_redeclares_a_fast_path_type_does_not_compile() {
    let src = "package main\n\nimport \"host\"\n\nfunc Run() int { return len(host.Num()) }\n";
    // The closure returns an i64 as a bare slot, which Go would read as a string.
    let engine = Engine::new()
        .host_type::<Shadow>("host")
        .host_func("host", "Num", || 7_i64);
    match engine.compile(src) {
        Err(Error::Host(m)) => assert_eq!(
            m,
            "host function host.Num() int compiles as () (host.int), which its Rust types do not take: does a host type's definition redeclare a predeclared type?"
        ),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("compiled"),
    }
    let engine = Engine::new()
        .host_type::<Shadow>("host")
        .host_func("host", "Take", |_: i64| {});
    let src = "package main\n\nimport \"host\"\n\nfunc Run() { host.Take(\"x\") }\n";
    assert!(matches!(engine.compile(src), Err(Error::Host(m)) if m.contains("compiles as (host.int) ()")));
    // A fallible closure's results are converted and checked each time instead: the
    // script panics.
    let engine = Engine::new()
        .host_type::<Shadow>("host")
        .host_func("host", "Num", || -> Result<i64, String> { Ok(7) });
    let src = "package main\n\nimport \"host\"\n\nfunc Run() int {\n\ts, _ := host.Num()\n\treturn len(s)\n}\n";
    let mut inst = engine.compile(src).unwrap().instantiate().unwrap();
    match inst.call::<_, i64>("Run", ()) {
        Err(Error::Panic(p)) => assert_eq!(p.message, "result 1: i64 does not convert to or from Go type host.int"),
        other => panic!("{other:?}"),
    }
}

/// Panics when read.
struct Fragile;

impl FromGo for Fragile {
    fn from_go(_: GoValue<'_>) -> Result<Self, String> {
        panic!("fragile")
    }
}

impl ToGo for Fragile {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        0.to_go(out)
    }
}

impl HostValue for Fragile {
    fn go_type() -> String {
        "int".into()
    }
}

#[test]
fn a_conversion_that_panics_in_a_host_function_is_a_go_panic() {
    let engine = Engine::new().host_func("host", "Take", |_: Fragile| {});
    let src = "package main\n\nimport \"host\"\n\nfunc Run() { host.Take(1) }\n";
    let mut inst = engine.compile(src).unwrap().instantiate().unwrap();
    match inst.call::<_, ()>("Run", ()) {
        Err(Error::Panic(p)) => assert_eq!(p.message, "fragile"),
        other => panic!("{other:?}"),
    }
}
