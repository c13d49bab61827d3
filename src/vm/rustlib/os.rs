//! The Rust functions of `os`: files are the operating system's file descriptors, used
//! through libc, so there is no table of open files to keep. Failures come back to Go as
//! errno values, which `os` wraps in its `PathError`s. Standard output and error go
//! through the VM's streams (so they interleave with `fmt` output and can be redirected).
//!
//! Files (standard input included) and the environment are capabilities of the VM
//! ([`Capabilities`](crate::vm::Capabilities)): without them, opening, reading and
//! removing fail with `permission denied` and the environment looks empty.
//!
//! A read blocks the machine's thread until data arrives: with `GOMAXPROCS=1`, other
//! goroutines wait too (Go would park only the reading goroutine).

use std::ffi::CString;
use std::io::Write;

use super::{LibFn, Machine, Trap, set_str, str_arg};
use crate::runtime::heap::copy_bytes;

pub(super) fn lookup(name: &str) -> Option<LibFn> {
    Some(match name {
        "os.read" => read,
        // A string and a []byte both start with (pointer, length).
        "os.write" | "os.writeString" => write,
        "os.open" => open,
        "os.closeFd" => |vm, b| {
            // SAFETY: closing a descriptor touches no memory; a stale one gives EBADF.
            let r = unsafe { libc::close(vm.g.stack[b] as i32) };
            vm.g.stack[b] = if r < 0 { errno() } else { 0 };
            Ok(())
        },
        "os.remove" => remove,
        "os.errnoText" => |vm, b| {
            let text = errno_text(vm.g.stack[b] as i32);
            set_str(vm, b, text.as_bytes());
            Ok(())
        },
        "os.errnoKind" => |vm, b| {
            vm.g.stack[b] = match vm.g.stack[b] as i32 {
                libc::ENOENT => 1,
                libc::EEXIST | libc::ENOTEMPTY => 2,
                libc::EACCES | libc::EPERM => 3,
                _ => 0,
            };
            Ok(())
        },
        "os.Getpid" => |vm, b| {
            vm.g.stack[b] = std::process::id() as u64;
            Ok(())
        },
        "os.lookupEnv" => |vm, b| {
            let key = String::from_utf8_lossy(str_arg(vm, b, 0)).into_owned();
            // Without the capability, the environment is empty.
            let v = std::env::var_os(key).filter(|_| vm.sh.caps.env);
            let found = v.is_some() as u64;
            set_str(vm, b, v.as_ref().map_or(&[][..], |v| v.as_encoded_bytes()));
            vm.g.stack[b + 2] = found;
            Ok(())
        },
        _ => return None,
    })
}

/// The calling thread's errno, as a slot.
fn errno() -> u64 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO) as u64
}

/// Go's text for an errno: the C library's, starting in lower case ("no such file or
/// directory").
fn errno_text(e: i32) -> String {
    let text = std::io::Error::from_raw_os_error(e).to_string();
    // Rust appends " (os error N)".
    let text = text.rsplit_once(" (os error").map_or(&text[..], |(t, _)| t);
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// read(fd int, p []byte) (n int, errno int)
fn read(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let (fd, p, len) = (vm.g.stack[base] as i32, vm.g.stack[base + 1], vm.g.stack[base + 2]);
    if !vm.sh.caps.files {
        // Only standard input can be open without the capability.
        vm.g.stack[base] = 0;
        vm.g.stack[base + 1] = libc::EACCES as u64;
        return Ok(());
    }
    if fd == 0 {
        // A prompt written before reading must show first, as Go's unbuffered stdout does.
        let _ = vm.sh.out.lock().flush();
    }
    let mut buf = vec![0u8; len as usize];
    let n = loop {
        // SAFETY: `buf` is valid for writes of `buf.len()` bytes.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n >= 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            break n;
        }
    };
    if n < 0 {
        vm.g.stack[base] = 0;
        vm.g.stack[base + 1] = errno();
        return Ok(());
    }
    copy_bytes(p, buf.as_ptr() as u64, n as usize);
    vm.g.stack[base] = n as u64;
    vm.g.stack[base + 1] = 0;
    Ok(())
}

/// write(fd int, p []byte) (n int, errno int), and writeString with a string.
fn write(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let fd = vm.g.stack[base] as i32;
    let data = str_arg(vm, base, 1);
    let (mut done, mut err) = (0, 0);
    match fd {
        1 | 2 => {
            if fd == 1 {
                vm.write_out(data);
            } else {
                vm.write_err(data);
            }
            done = data.len();
        }
        _ => {
            while done < data.len() {
                let rest = &data[done..];
                // SAFETY: `rest` is valid for reads of `rest.len()` bytes.
                let n = unsafe { libc::write(fd, rest.as_ptr().cast(), rest.len()) };
                if n < 0 {
                    if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                        continue;
                    }
                    err = errno();
                    break;
                }
                done += n as usize;
            }
        }
    }
    vm.g.stack[base] = done as u64;
    vm.g.stack[base + 1] = err;
    Ok(())
}

/// A Go string argument as a C path; None if it holds a NUL byte (which no path can).
fn c_path(vm: &Machine<'_>, base: usize) -> Option<CString> {
    CString::new(str_arg(vm, base, 0)).ok()
}

/// open(name string, flag int, perm int) (fd int, errno int). The flags are Go's values
/// for Linux, translated bit by bit for the host.
fn open(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let (flag, perm) = (vm.g.stack[base + 2] as i32, vm.g.stack[base + 3] as libc::c_uint);
    if !vm.sh.caps.files {
        vm.g.stack[base] = u64::MAX;
        vm.g.stack[base + 1] = libc::EACCES as u64;
        return Ok(());
    }
    let Some(path) = c_path(vm, base) else {
        vm.g.stack[base] = u64::MAX;
        vm.g.stack[base + 1] = libc::EINVAL as u64;
        return Ok(());
    };
    let mut flags = libc::O_CLOEXEC
        | match flag & 3 {
            1 => libc::O_WRONLY,
            2 => libc::O_RDWR,
            _ => libc::O_RDONLY,
        };
    for (go, host) in [
        (0x40, libc::O_CREAT),
        (0x80, libc::O_EXCL),
        (0x200, libc::O_TRUNC),
        (0x400, libc::O_APPEND),
        (0x101000, libc::O_SYNC),
    ] {
        if flag & go == go {
            flags |= host;
        }
    }
    // SAFETY: `path` is a NUL-terminated string that outlives the call.
    let fd = unsafe { libc::open(path.as_ptr(), flags, perm) };
    let (fd, e) = if fd < 0 { (u64::MAX, errno()) } else { (fd as u64, 0) };
    vm.g.stack[base] = fd;
    vm.g.stack[base + 1] = e;
    Ok(())
}

/// remove(name string) (errno int): a file, else an empty directory.
fn remove(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let e = match c_path(vm, base) {
        _ if !vm.sh.caps.files => libc::EACCES as u64,
        None => libc::EINVAL as u64,
        Some(path) => {
            // SAFETY: `path` is a NUL-terminated string that outlives the calls.
            if unsafe { libc::unlink(path.as_ptr()) } == 0 {
                0
            } else {
                let unlink_err = errno();
                // SAFETY: as above.
                if unsafe { libc::rmdir(path.as_ptr()) } == 0 {
                    0
                } else if errno() == libc::ENOTDIR as u64 {
                    // Not a directory: the unlink error is the one that says why.
                    unlink_err
                } else {
                    errno()
                }
            }
        }
    };
    vm.g.stack[base] = e;
    Ok(())
}
