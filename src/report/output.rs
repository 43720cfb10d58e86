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
