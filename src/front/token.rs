//! Go's tokens.

/// A token kind. Literals and identifiers carry their text separately (see `lex::Token`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tok {
    Illegal,
    Eof,
    Ident,
    Int,
    Float,
    Imag,
    Char,
    String,
    // Operators and punctuation.
    Add,          // +
    Sub,          // -
    Mul,          // *
    Quo,          // /
    Rem,          // %
    And,          // &
    Or,           // |
    Xor,          // ^
    Shl,          // <<
    Shr,          // >>
    AndNot,       // &^
    AddAssign,    // +=
    SubAssign,    // -=
    MulAssign,    // *=
    QuoAssign,    // /=
    RemAssign,    // %=
    AndAssign,    // &=
    OrAssign,     // |=
    XorAssign,    // ^=
    ShlAssign,    // <<=
    ShrAssign,    // >>=
    AndNotAssign, // &^=
    LAnd,         // &&
    LOr,          // ||
    Arrow,        // <-
    Inc,          // ++
    Dec,          // --
    Eql,          // ==
    Lss,          // <
    Gtr,          // >
    Assign,       // =
    Not,          // !
    Neq,          // !=
    Leq,          // <=
    Geq,          // >=
    Define,       // :=
    Ellipsis,     // ...
    LParen,       // (
    LBrack,       // [
    LBrace,       // {
    Comma,        // ,
    Period,       // .
    RParen,       // )
    RBrack,       // ]
    RBrace,       // }
    Semicolon,    // ; or an inserted newline
    Colon,        // :
    Tilde,        // ~
    // Keywords.
    Break,
    Case,
    Chan,
    Const,
    Continue,
    Default,
    Defer,
    Else,
    Fallthrough,
    For,
    Func,
    Go,
    Goto,
    If,
    Import,
    Interface,
    Map,
    Package,
    Range,
    Return,
    Select,
    Struct,
    Switch,
    Type,
    Var,
}

impl Tok {
    /// The source spelling, as Go's diagnostics print it.
    pub fn as_str(self) -> &'static str {
        use Tok::*;
        match self {
            Illegal => "ILLEGAL",
            Eof => "EOF",
            Ident => "name",
            Int | Float | Imag | Char | String => "literal",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Quo => "/",
            Rem => "%",
            And => "&",
            Or => "|",
            Xor => "^",
            Shl => "<<",
            Shr => ">>",
            AndNot => "&^",
            AddAssign => "+=",
            SubAssign => "-=",
            MulAssign => "*=",
            QuoAssign => "/=",
            RemAssign => "%=",
            AndAssign => "&=",
            OrAssign => "|=",
            XorAssign => "^=",
            ShlAssign => "<<=",
            ShrAssign => ">>=",
            AndNotAssign => "&^=",
            LAnd => "&&",
            LOr => "||",
            Arrow => "<-",
            Inc => "++",
            Dec => "--",
            Eql => "==",
            Lss => "<",
            Gtr => ">",
            Assign => "=",
            Not => "!",
            Neq => "!=",
            Leq => "<=",
            Geq => ">=",
            Define => ":=",
            Ellipsis => "...",
            LParen => "(",
            LBrack => "[",
            LBrace => "{",
            Comma => ",",
            Period => ".",
            RParen => ")",
            RBrack => "]",
            RBrace => "}",
            Semicolon => ";",
            Colon => ":",
            Tilde => "~",
            Break => "break",
            Case => "case",
            Chan => "chan",
            Const => "const",
            Continue => "continue",
            Default => "default",
            Defer => "defer",
            Else => "else",
            Fallthrough => "fallthrough",
            For => "for",
            Func => "func",
            Go => "go",
            Goto => "goto",
            If => "if",
            Import => "import",
            Interface => "interface",
            Map => "map",
            Package => "package",
            Range => "range",
            Return => "return",
            Select => "select",
            Struct => "struct",
            Switch => "switch",
            Type => "type",
            Var => "var",
        }
    }

    pub fn is_keyword(self) -> bool {
        self as u8 >= Tok::Break as u8
    }

    pub fn keyword(s: &str) -> Option<Tok> {
        use Tok::*;
        Some(match s {
            "break" => Break,
            "case" => Case,
            "chan" => Chan,
            "const" => Const,
            "continue" => Continue,
            "default" => Default,
            "defer" => Defer,
            "else" => Else,
            "fallthrough" => Fallthrough,
            "for" => For,
            "func" => Func,
            "go" => Go,
            "goto" => Goto,
            "if" => If,
            "import" => Import,
            "interface" => Interface,
            "map" => Map,
            "package" => Package,
            "range" => Range,
            "return" => Return,
            "select" => Select,
            "struct" => Struct,
            "switch" => Switch,
            "type" => Type,
            "var" => Var,
            _ => return None,
        })
    }

    /// For an op-assignment (`+=`), the binary operator (`+`).
    pub fn assign_op(self) -> Option<Tok> {
        use Tok::*;
        Some(match self {
            AddAssign => Add,
            SubAssign => Sub,
            MulAssign => Mul,
            QuoAssign => Quo,
            RemAssign => Rem,
            AndAssign => And,
            OrAssign => Or,
            XorAssign => Xor,
            ShlAssign => Shl,
            ShrAssign => Shr,
            AndNotAssign => AndNot,
            _ => return None,
        })
    }

    /// Binary operator precedence (5 highest), 0 for non-operators.
    pub fn precedence(self) -> u8 {
        use Tok::*;
        match self {
            LOr => 1,
            LAnd => 2,
            Eql | Neq | Lss | Leq | Gtr | Geq => 3,
            Add | Sub | Or | Xor => 4,
            Mul | Quo | Rem | Shl | Shr | And | AndNot => 5,
            _ => 0,
        }
    }
}
