fn main() {
    eprintln!("govm: not built yet");
    std::process::exit(1);
}
