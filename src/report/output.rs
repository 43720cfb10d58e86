//! Writing output files whole or not at all: each file is written to a
//! temporary sibling and renamed into place, so a failed run never leaves a
//! half-written file behind.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Writes `bytes` to `path` atomically, or to standard output when `path` is `-`.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let fail = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return out.write_all(bytes).and_then(|_| out.flush()).map_err(fail);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = path.with_file_name(format!(".{file_name}.ccsim-tmp"));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

/// The files a command will write, gathered while everything is rendered and
/// written only at the end, so a failure while rendering leaves nothing
/// behind. A path `-` stands for standard output.
#[derive(Debug, Default)]
pub struct Outputs {
    files: Vec<(std::path::PathBuf, Vec<u8>)>,
}

impl Outputs {
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
        self.files.iter().any(|(p, _)| p.as_os_str() == "-")
    }

    /// Writes every queued file, in the order queued.
    pub fn write(self) -> Result<(), Error> {
        for (path, bytes) in &self.files {
            write_output(path, bytes)?;
        }
        Ok(())
    }
}

/// Writes files that are too large to hold in memory as they are made:
/// `write` gets one writer per path (standard output for `-`, else a
/// temporary sibling of the path), and only when it succeeds are the
/// temporaries renamed into place; on error they are removed and the
/// destinations left as they were. At most one path may be `-`.
pub fn write_streamed<T>(
    paths: &[&Path],
    write: impl FnOnce(&mut [Box<dyn Write>]) -> Result<T, Error>,
) -> Result<T, Error> {
    let fail = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path, source }
    };
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(Error::Usage(
            "only one output can go to standard output (-)".into(),
        ));
    }
    let mut temps: Vec<Option<std::path::PathBuf>> = Vec::new();
    let mut writers: Vec<Box<dyn Write>> = Vec::new();
    let cleanup = |temps: &[Option<std::path::PathBuf>]| {
        for t in temps.iter().flatten() {
            let _ = std::fs::remove_file(t);
        }
    };
    for path in paths {
        if path.as_os_str() == "-" {
            temps.push(None);
            writers.push(Box::new(std::io::BufWriter::new(std::io::stdout())));
            continue;
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Err(e) = std::fs::create_dir_all(dir) {
                cleanup(&temps);
                return Err(fail(path)(e));
            }
        }
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let tmp = path.with_file_name(format!(".{file_name}.{}.ccsim-tmp", std::process::id()));
        match std::fs::File::create(&tmp) {
            Ok(f) => {
                temps.push(Some(tmp));
                writers.push(Box::new(std::io::BufWriter::new(f)));
            }
            Err(e) => {
                cleanup(&temps);
                return Err(fail(path)(e));
            }
        }
    }
    let result = write(&mut writers);
    let flushed = writers
        .iter_mut()
        .zip(paths)
        .try_for_each(|(w, p)| w.flush().map_err(fail(p)));
    drop(writers);
    let value = match (result, flushed) {
        (Ok(v), Ok(())) => v,
        (Err(e), _) | (Ok(_), Err(e)) => {
            cleanup(&temps);
            return Err(e);
        }
    };
    for (tmp, path) in temps.iter().zip(paths) {
        if let Some(tmp) = tmp {
            if let Err(e) = std::fs::rename(tmp, path) {
                cleanup(&temps);
                return Err(fail(path)(e));
            }
        }
    }
    Ok(value)
}
