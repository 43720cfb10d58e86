//! The one output writer: every file any command writes goes through here
//! (rules and exit codes in docs/output.md).
//!
//! - **Checked before any work** ([`preflight`]): an output that is one of the
//!   inputs (same path after following links, or same device and inode) or
//!   two outputs to one path (`--json X --csv X`, `--json - --csv -`) is
//!   refused with exit code 2 before anything is simulated.
//! - **Whole or not at all**: each regular file is written to a temporary
//!   sibling created exclusively (`O_CREAT|O_EXCL`, a random name, so a
//!   planted link is never followed and two runs never share one), and only
//!   when every temporary of the set is written are they all renamed into
//!   place. Two runs writing one path at once leave one whole file.
//! - **Links and special files**: a symbolic link is followed and the file it
//!   points to is replaced (the link stays a link); a character device or a
//!   FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written in place,
//!   never replaced; a folder, a block device, a socket or a link to nothing
//!   is refused with a message.
//! - **Permissions kept**: a replaced file keeps its mode (and, where the
//!   process may, its owner).
//! - **Temporaries cleaned**: on an error and on SIGINT/SIGTERM the live
//!   temporaries are removed.
//! - **Printing never panics** ([`print`](fn@print), [`warn`]): a closed standard output
//!   is an [`Error::Stdout`], which `main` turns into a quiet exit.

use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

use crate::error::Error;

/// Temporaries written but not yet renamed into place (removed on a signal).
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every temporary still live (what a signal leaves behind).
pub fn remove_live_temporaries() {
    for p in live().drain(..) {
        let _ = fs::remove_file(p);
    }
}

/// Installs, once, the SIGINT/SIGTERM handler that removes live
/// temporaries and exits with 128 + the signal number.
fn install_signal_cleanup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) {
            std::thread::spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    remove_live_temporaries();
                    std::process::exit(128 + sig);
                }
            });
        }
    });
}

/// A fresh random suffix for a temporary's name.
fn random_suffix() -> u64 {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

/// Creates a temporary next to `dest`, exclusively, and registers it as live.
fn create_temporary(dest: &Path) -> io::Result<(PathBuf, File)> {
    install_signal_cleanup();
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let mut last = None;
    for _ in 0..32 {
        let tmp = dir.join(format!(".{name}.{:016x}.ccsim-tmp", random_suffix()));
        // Held while creating, so a signal never sees a file that is not registered.
        let mut reg = live();
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => {
                reg.push(tmp.clone());
                return Ok((tmp, f));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

/// Removes a temporary (if still there) and forgets it.
fn drop_temporary(tmp: &Path) {
    let _ = fs::remove_file(tmp);
    forget_temporary(tmp);
}

fn forget_temporary(tmp: &Path) {
    live().retain(|p| p != tmp);
}

/// Where one output goes once links are followed.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// Standard output (`-`).
    Stdout,
    /// A regular file, existing or not, replaced through a temporary: the
    /// path renamed over (a link's final target) and the old file's metadata.
    Replace {
        real: PathBuf,
        old: Option<(fs::Permissions, u32, u32)>,
    },
    /// A character device or a FIFO, written in place.
    Through(PathBuf),
}

fn refuse(path: &Path, message: impl Into<String>) -> Error {
    Error::Output {
        path: path.to_owned(),
        message: message.into(),
    }
}

fn os_error(path: &Path) -> impl Fn(io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_owned(),
        source,
    }
}

/// What `path` is, following links.
fn resolve(path: &Path) -> Result<Target, Error> {
    if is_stdout(path) {
        return Ok(Target::Stdout);
    }
    let meta = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Target::Replace {
                real: path.to_owned(),
                old: None,
            })
        }
        Err(e) => return Err(os_error(path)(e)),
        Ok(m) => m,
    };
    let (meta, real) = if meta.file_type().is_symlink() {
        match fs::metadata(path) {
            Ok(m) => (m, fs::canonicalize(path).map_err(os_error(path))?),
            Err(_) => {
                return Err(refuse(
                    path,
                    "it is a symbolic link to a file that does not exist; ccsim does not create files through links: give the link's target or another path",
                ))
            }
        }
    } else {
        (meta, path.to_owned())
    };
    let ft = meta.file_type();
    if ft.is_file() {
        Ok(Target::Replace {
            real,
            old: Some((meta.permissions(), meta.uid(), meta.gid())),
        })
    } else if ft.is_dir() {
        Err(refuse(path, "it is a folder; give a file name"))
    } else if ft.is_char_device() || ft.is_fifo() {
        // Opened by the given name: the kernel follows links such as /dev/fd/N.
        Ok(Target::Through(path.to_owned()))
    } else {
        Err(refuse(
            path,
            "it is a block device or a socket; ccsim writes only regular files, character devices and named pipes",
        ))
    }
}

/// Whether `path` names this process's standard output (`-`, `/dev/stdout`,
/// `/dev/fd/1`, `/proc/self/fd/1`): written to the open descriptor, never
/// reopened (which would lose an append or replace a redirected file).
pub fn is_stdout(path: &Path) -> bool {
    ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|s| path.as_os_str() == *s)
}

/// What identifies a file: its device and inode if it exists, and its
/// absolute path with links followed.
#[derive(Debug, Clone, PartialEq)]
struct Identity {
    inode: Option<(u64, u64)>,
    path: PathBuf,
}

/// The identity of `path`, or of standard output for `-`.
fn identity(path: &Path) -> Identity {
    if is_stdout(path) {
        let inode = fstat_stdout();
        return Identity {
            inode,
            path: PathBuf::from("-"),
        };
    }
    let inode = fs::metadata(path).ok().map(|m| (m.dev(), m.ino()));
    let full = fs::canonicalize(path).unwrap_or_else(|_| {
        // Not there yet: the canonical folder and the file name.
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let dir = fs::canonicalize(dir)
            .or_else(|_| std::path::absolute(dir))
            .unwrap_or_else(|_| dir.to_owned());
        match path.file_name() {
            Some(n) => dir.join(n),
            None => dir,
        }
    });
    Identity { inode, path: full }
}

/// Device and inode of what standard output is connected to.
fn fstat_stdout() -> Option<(u64, u64)> {
    let fd = io::stdout().as_raw_fd();
    // SAFETY: fstat writes into a zeroed, properly sized stat buffer.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        if libc::fstat(fd, &mut st) == 0 {
            #[allow(clippy::unnecessary_cast)]
            Some((st.st_dev as u64, st.st_ino as u64))
        } else {
            None
        }
    }
}

fn same(a: &Identity, b: &Identity) -> bool {
    a.path == b.path || (a.inode.is_some() && a.inode == b.inode)
}

/// Refuses, before any work, an output that is one of the inputs or two
/// outputs to one path (`-` twice included). Writing the same bytes twice to
/// `/dev/null` is allowed.
pub fn preflight(inputs: &[&Path], outputs: &[&Path]) -> Result<(), Error> {
    let ins: Vec<(&Path, Identity)> = inputs.iter().map(|p| (*p, identity(p))).collect();
    let mut seen: Vec<(&Path, Identity)> = Vec::new();
    for out in outputs {
        let id = identity(out);
        if !is_stdout(out) {
            if let Some((input, _)) = ins.iter().find(|(_, i)| same(i, &id)) {
                return Err(refuse(
                    out,
                    format!(
                        "it is also the input {}; writing it would destroy the input: choose another output path",
                        input.display()
                    ),
                ));
            }
        }
        if let Some((first, _)) = seen.iter().find(|(_, s)| same(s, &id)) {
            if id.path != Path::new("/dev/null") {
                let what = if is_stdout(out) || is_stdout(first) {
                    "standard output".to_string()
                } else {
                    first.display().to_string()
                };
                return Err(refuse(
                    out,
                    format!(
                        "two outputs go to {what}; one would overwrite or mix with the other: give each output its own path"
                    ),
                ));
            }
        }
        seen.push((out, id));
    }
    Ok(())
}

/// Writes `bytes` to `path` by the rules of this module, or to standard
/// output when `path` is `-`.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut one = Outputs::default();
    one.add(path, bytes.to_vec());
    one.write()
}

/// Writes `text` to standard output (locked, flushed). A closed pipe or a
/// full disk becomes [`Error::Stdout`]: the command ends there (quietly on
/// a closed pipe), after the files it had to write.
pub fn print(text: &str) -> Result<(), Error> {
    let text = escape_controls(text);
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(Error::Stdout)
}

/// Writes one line to standard error, ignoring a closed standard error.
pub fn warn(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", escape_controls(text));
}

/// `text` with every control character but newline and tab written as
/// `\u{..}`, so a scenario name holding terminal escape codes is shown, not
/// obeyed, when tables and messages are printed.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The files a command will write, gathered while everything is rendered and
/// written only at the end, all or none (see the module documentation). A
/// path `-` stands for standard output.
#[derive(Debug, Default)]
pub struct Outputs {
    files: Vec<(PathBuf, Vec<u8>)>,
    inputs: Vec<PathBuf>,
}

impl Outputs {
    /// An empty set that will refuse to write over any of `inputs`.
    pub fn reading(inputs: &[&Path]) -> Self {
        Outputs {
            files: Vec::new(),
            inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
        }
    }

    /// Queues `bytes` for `path`.
    pub fn add(&mut self, path: &Path, bytes: Vec<u8>) {
        self.files.push((path.to_owned(), bytes));
    }

    /// Queues what `render` makes for `path`, if a path was asked for.
    pub fn add_rendered<E: std::fmt::Display>(
        &mut self,
        path: Option<&std::path::PathBuf>,
        render: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<(), Error> {
        if let Some(path) = path {
            let bytes = render().map_err(|e| Error::Usage(e.to_string()))?;
            self.add(path, bytes);
        }
        Ok(())
    }

    /// Whether one of the files goes to standard output (which then holds it alone).
    pub fn stdout_taken(&self) -> bool {
        self.files.iter().any(|(p, _)| is_stdout(p))
    }

    /// Writes every queued file: checks the set again (no input, no path
    /// twice), writes every regular file to its temporary, opens the special
    /// files, then renames all temporaries into place, then writes the
    /// special files and standard output. On an error before the renames
    /// nothing is changed and every temporary is removed.
    pub fn write(self) -> Result<(), Error> {
        let inputs: Vec<&Path> = self.inputs.iter().map(PathBuf::as_path).collect();
        let outputs: Vec<&Path> = self.files.iter().map(|(p, _)| p.as_path()).collect();
        preflight(&inputs, &outputs)?;
        let targets = self
            .files
            .iter()
            .map(|(p, _)| resolve(p))
            .collect::<Result<Vec<_>, _>>()?;
        let mut temps: Vec<(PathBuf, PathBuf, &Path)> = Vec::new();
        let mut through: Vec<(File, &Path, &[u8])> = Vec::new();
        let mut to_stdout: Vec<&[u8]> = Vec::new();
        let staged = (|| -> Result<(), Error> {
            for ((path, bytes), target) in self.files.iter().zip(&targets) {
                match target {
                    Target::Stdout => to_stdout.push(bytes),
                    Target::Replace { real, old } => {
                        let tmp = stage(real, old.as_ref(), bytes).map_err(os_error(path))?;
                        temps.push((tmp, real.clone(), path));
                    }
                    Target::Through(real) => {
                        through.push((open_through(path, real)?, path, bytes));
                    }
                }
            }
            Ok(())
        })();
        if let Err(e) = staged {
            for (tmp, _, _) in &temps {
                drop_temporary(tmp);
            }
            return Err(e);
        }
        rename_all(&temps)?;
        for (mut file, path, bytes) in through {
            file.write_all(bytes)
                .and_then(|_| file.flush())
                .map_err(os_error(path))?;
        }
        for bytes in to_stdout {
            let mut out = io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .map_err(Error::Stdout)?;
        }
        Ok(())
    }
}

/// Writes files that are too large to hold in memory as they are made, by
/// the same rules as [`Outputs`]: `write` gets one writer per path (standard
/// output for `-`, a character device or FIFO in place, else a fresh
/// exclusive temporary next to the destination), and only when it succeeds
/// are the temporaries renamed into place; on error (or a signal) they are
/// removed and the destinations left as they were. Paths are checked with
/// [`preflight`] (no path twice); the caller checks them against its inputs.
pub fn write_streamed<T>(
    paths: &[&Path],
    write: impl FnOnce(&mut [Box<dyn Write>]) -> Result<T, Error>,
) -> Result<T, Error> {
    preflight(&[], paths)?;
    let targets = paths
        .iter()
        .map(|p| resolve(p))
        .collect::<Result<Vec<_>, _>>()?;
    let mut temps: Vec<(PathBuf, PathBuf, &Path)> = Vec::new();
    let mut writers: Vec<Box<dyn Write>> = Vec::new();
    let cleanup = |temps: &[(PathBuf, PathBuf, &Path)]| {
        for (tmp, _, _) in temps {
            drop_temporary(tmp);
        }
    };
    for (path, target) in paths.iter().zip(&targets) {
        let opened: Result<Box<dyn Write>, Error> = match target {
            Target::Stdout => Ok(Box::new(io::BufWriter::new(io::stdout()))),
            Target::Through(real) => {
                open_through(path, real).map(|f| Box::new(io::BufWriter::new(f)) as Box<dyn Write>)
            }
            Target::Replace { real, old } => (|| {
                if let Some(dir) = real.parent().filter(|d| !d.as_os_str().is_empty()) {
                    fs::create_dir_all(dir)?;
                }
                let (tmp, file) = create_temporary(real)?;
                if let Some((perms, uid, gid)) = old {
                    let _ = std::os::unix::fs::fchown(&file, Some(*uid), Some(*gid));
                    file.set_permissions(perms.clone())?;
                }
                temps.push((tmp, real.clone(), path));
                Ok(Box::new(io::BufWriter::new(file)) as Box<dyn Write>)
            })()
            .map_err(os_error(path)),
        };
        match opened {
            Ok(w) => writers.push(w),
            Err(e) => {
                cleanup(&temps);
                return Err(e);
            }
        }
    }
    let result = write(&mut writers);
    let flushed = writers
        .iter_mut()
        .zip(paths)
        .try_for_each(|(w, p)| w.flush().map_err(os_error(p)));
    drop(writers);
    let value = match (result, flushed) {
        (Ok(v), Ok(())) => v,
        (Err(e), _) | (Ok(_), Err(e)) => {
            cleanup(&temps);
            return Err(e);
        }
    };
    rename_all(&temps)?;
    Ok(value)
}

/// Renames every staged temporary over its destination, in order; after the
/// first failure the remaining temporaries are removed instead, and that
/// failure is returned (the one place both writers publish a set).
fn rename_all(temps: &[(PathBuf, PathBuf, &Path)]) -> Result<(), Error> {
    let mut failed = None;
    for (tmp, real, path) in temps {
        if failed.is_some() {
            drop_temporary(tmp);
            continue;
        }
        match fs::rename(tmp, real) {
            Ok(()) => forget_temporary(tmp),
            Err(e) => {
                drop_temporary(tmp);
                failed = Some(os_error(path)(e));
            }
        }
    }
    match failed {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Writes `bytes` to a fresh temporary next to `real` with the old file's
/// permissions; returns the temporary (removed again on failure).
fn stage(
    real: &Path,
    old: Option<&(fs::Permissions, u32, u32)>,
    bytes: &[u8],
) -> io::Result<PathBuf> {
    if let Some(dir) = real.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    let (tmp, mut file) = create_temporary(real)?;
    let result = (|| {
        file.write_all(bytes)?;
        if let Some((perms, uid, gid)) = old {
            file.set_permissions(perms.clone())?;
            // Keeping the owner works only for root or the owner: best effort.
            let _ = std::os::unix::fs::fchown(&file, Some(*uid), Some(*gid));
            file.set_permissions(perms.clone())?;
        }
        file.flush()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            drop_temporary(&tmp);
            Err(e)
        }
    }
}

/// Opens a character device or FIFO for writing in place. A FIFO without a
/// reader is refused rather than waited for.
fn open_through(path: &Path, real: &Path) -> Result<File, Error> {
    let file = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(real)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ENXIO) {
                refuse(
                    path,
                    "it is a named pipe with no reader; start the reader first",
                )
            } else {
                os_error(path)(e)
            }
        })?;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function owns; clears O_NONBLOCK so
    // writes wait for a slow reader instead of failing.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(escape_controls("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\n");
        assert_eq!(escape_controls("plain\ttext"), "plain\ttext");
    }

    #[test]
    fn new_file_is_written_whole_and_no_temporary_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_output(&p, b"hello").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"hello");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        fs::write(&p, b"old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
        write_output(&p, b"new").unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn a_symlink_stays_a_link_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t.json");
        let link = dir.path().join("l.json");
        fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_output(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn dev_null_stays_a_device() {
        write_output(Path::new("/dev/null"), b"x").unwrap();
        assert!(fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }

    #[test]
    fn an_input_or_a_path_twice_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.toml");
        fs::write(&input, b"x").unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        let e = preflight(&[&input], &[&link]).unwrap_err();
        assert!(e.to_string().contains("also the input"), "{e}");
        assert_eq!(e.exit_code(), 2);
        let out = dir.path().join("o.json");
        let e = preflight(&[], &[&out, &out]).unwrap_err();
        assert!(e.to_string().contains("two outputs"), "{e}");
        let dash = Path::new("-");
        assert!(preflight(&[], &[dash, dash]).is_err());
        assert!(preflight(&[], &[Path::new("/dev/null"), Path::new("/dev/null")]).is_ok());
    }

    #[test]
    fn a_failing_member_leaves_the_set_unwritten() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.json");
        let folder = dir.path().join("sub");
        fs::create_dir(&folder).unwrap();
        let mut set = Outputs::default();
        set.add(&good, b"x".to_vec());
        set.add(&folder, b"y".to_vec());
        assert!(set.write().is_err());
        assert!(!good.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
