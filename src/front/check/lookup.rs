//! Field and method lookup through embedding, method sets and interface satisfaction.

use super::{Checker, ObjId};
use crate::front::types::{Type, TypeId};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SelectionKind {
    /// `x.f`, a struct field.
    Field,
    /// `x.m`: a method of x's type, called or taken as a method value.
    Method,
    /// `T.m` or `(*T).m`: a method expression, a function taking the receiver first.
    MethodExpr,
}

/// What a selector `x.name` denotes.
#[derive(Clone, Debug)]
pub struct Selection {
    pub kind: SelectionKind,
    /// Field indices from x's (dereferenced) struct down through embedded fields; for a
    /// field the last one is the field itself.
    pub path: Vec<usize>,
    /// The method's function, or None for an interface's method.
    pub func: Option<ObjId>,
    /// The method is declared with a pointer receiver.
    pub ptr_recv: bool,
    /// The type of the selected field or method (for methods, without the receiver).
    pub ty: TypeId,
}

/// A lookup result before it becomes a [`Selection`].
pub(super) enum Found {
    Field {
        path: Vec<usize>,
        ty: TypeId,
    },
    Method {
        path: Vec<usize>,
        func: ObjId,
        ptr_recv: bool,
    },
    IfaceMethod {
        path: Vec<usize>,
        sig: TypeId,
    },
    Ambiguous,
    Missing,
}

impl Checker<'_> {
    /// Looks `name` up in `t` (or in `*t`'s element), breadth-first through embedded
    /// fields as the spec's selector rules say.
    pub(super) fn lookup(&mut self, t: TypeId, name: &str) -> Found {
        // A type parameter has its constraint's methods and no fields.
        if self.types.is_tparam(t) {
            let set = self.types.type_set(t).unwrap_or_default();
            return match set.methods.iter().find(|m| m.name == name) {
                Some(m) => Found::IfaceMethod {
                    path: Vec::new(),
                    sig: m.sig,
                },
                None => Found::Missing,
            };
        }
        let t = match self.types.get(t) {
            Type::Pointer(e) if self.types.is_named(*e) || matches!(self.types.under_type(*e), Type::Struct(_)) => *e,
            _ => t,
        };
        let mut level: Vec<(TypeId, Vec<usize>)> = vec![(t, Vec::new())];
        let mut seen: Vec<TypeId> = Vec::new();
        while !level.is_empty() {
            let mut found: Vec<Found> = Vec::new();
            let mut next = Vec::new();
            for (ty, path) in level {
                if seen.contains(&ty) {
                    continue;
                }
                seen.push(ty);
                if let Some(n) = self.types.named_info(ty)
                    && let Some((_, f, ptr)) = n.methods.iter().find(|m| m.0 == name)
                {
                    found.push(Found::Method {
                        path: path.clone(),
                        func: ObjId(*f as u32),
                        ptr_recv: *ptr,
                    });
                    continue;
                }
                match self.types.under_type(ty).clone() {
                    Type::Struct(fields) => {
                        for (i, f) in fields.iter().enumerate() {
                            let mut p = path.clone();
                            p.push(i);
                            if f.name == name {
                                found.push(Found::Field {
                                    path: p.clone(),
                                    ty: f.ty,
                                });
                            }
                            if f.embedded {
                                let inner = match self.types.get(f.ty) {
                                    Type::Pointer(e) => *e,
                                    _ => f.ty,
                                };
                                next.push((inner, p));
                            }
                        }
                    }
                    Type::Interface(ms) => {
                        if let Some(m) = ms.iter().find(|m| m.name == name) {
                            found.push(Found::IfaceMethod {
                                path: path.clone(),
                                sig: m.sig,
                            });
                        }
                    }
                    _ => {}
                }
            }
            match found.len() {
                0 => level = next,
                1 => return found.pop().expect("one entry"),
                _ => return Found::Ambiguous,
            }
        }
        Found::Missing
    }

    /// The method `name` that values of type `t` have, with whether calling it needs the
    /// receiver's address: Some((func or None for interface methods, sig, needs_addr)).
    pub(super) fn method_of(&mut self, t: TypeId, name: &str) -> Option<(Option<ObjId>, TypeId, bool)> {
        let is_ptr = matches!(self.types.get(t), Type::Pointer(_));
        match self.lookup(t, name) {
            Found::Method { path, func, ptr_recv } => {
                self.resolve_obj(func);
                let full = self.objs[func.0 as usize].ty;
                let sig = self.method_sig(full);
                // A pointer method is in the method set of T only when reached through an
                // embedded pointer.
                let via_ptr = is_ptr || self.path_has_pointer(t, &path);
                Some((Some(func), sig, ptr_recv && !via_ptr))
            }
            Found::IfaceMethod { sig, .. } => Some((None, sig, false)),
            _ => None,
        }
    }

    /// Whether walking `path` from `t` passes through an embedded pointer.
    pub(super) fn path_has_pointer(&self, t: TypeId, path: &[usize]) -> bool {
        let mut cur = t;
        for &i in path {
            let fields = match self.types.under_type(cur) {
                Type::Struct(f) => f.clone(),
                Type::Pointer(e) => match self.types.under_type(*e) {
                    Type::Struct(f) => f.clone(),
                    _ => return false,
                },
                _ => return false,
            };
            let f = &fields[i];
            if matches!(self.types.get(f.ty), Type::Pointer(_)) {
                return true;
            }
            cur = f.ty;
        }
        false
    }

    /// A method's signature without its receiver.
    pub(super) fn method_sig(&mut self, full: TypeId) -> TypeId {
        match self.types.sig(full).cloned() {
            Some(s) => self
                .types
                .func(s.params[1.min(s.params.len())..].to_vec(), s.results, s.variadic),
            None => full,
        }
    }

    /// Why `t` does not implement interface `iface`, or None if it does.
    pub(super) fn missing_method(&mut self, t: TypeId, iface: TypeId) -> Option<String> {
        let Type::Interface(methods) = self.types.under_type(iface).clone() else {
            return None;
        };
        for m in methods {
            match self.method_of(t, &m.name) {
                None => return Some(format!("(missing method {})", m.name)),
                Some((_, sig, needs_addr)) => {
                    if sig != m.sig {
                        let have = self.types.local_name(sig);
                        let want = self.types.local_name(m.sig);
                        return Some(format!(
                            "(wrong type for method {})\n\t\thave {}{}\n\t\twant {}{}",
                            m.name,
                            m.name,
                            have.trim_start_matches("func"),
                            m.name,
                            want.trim_start_matches("func")
                        ));
                    }
                    if needs_addr {
                        return Some(format!("(method {} has pointer receiver)", m.name));
                    }
                }
            }
        }
        None
    }
}
