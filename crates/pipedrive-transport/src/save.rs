//! Saving a download to a path without ever damaging what is already there.
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Attempts at finding an unused temporary name before giving up.
const NAME_ATTEMPTS: u32 = 16;

/// Writes `path` only if `fill` succeeds: the content goes to a new temporary file in the
/// same directory, which is renamed over `path` once `fill` returned `Ok` and the data
/// is on disk. When `fill` fails (an HTTP error, a dropped connection, a full disk) the
/// temporary file is removed and `path` is left exactly as it was, so a failed
/// download can never truncate or delete a file the caller already had.
///
/// The temporary file sits beside the destination because a rename is only atomic
/// within one filesystem. It is named `.{name}.{random}.part`, so a crash leaves an
/// obviously partial, hidden file rather than a truncated `{name}`. An existing
/// destination keeps its permissions; when it is a symbolic link, the file it points to
/// is replaced and the link stays.
///
/// Local file errors keep their [`io::ErrorKind`] and name the path; `E` is whatever
/// `fill` fails with (for example [`crate::Error`], or a caller's own error type).
///
/// ```no_run
/// use pipedrive_transport::{Config, Method, Request, Transport, save_atomically};
///
/// let transport = Transport::new(Config::from_env()?)?;
/// let req = Request::new(Method::Get, "/files/5/download");
/// let bytes = save_atomically("report.pdf", |out| transport.download(&req, out))?;
/// # Ok::<_, pipedrive_transport::Error>(())
/// ```
pub fn save_atomically<E, F>(path: impl AsRef<Path>, fill: F) -> Result<u64, E>
where
    E: From<io::Error>,
    F: FnOnce(&mut dyn Write) -> Result<u64, E>,
{
    let target = resolve(path.as_ref());
    let (file, temp) = create_temp(&target)?;
    // Removes the temporary file on every early return, and on a panic inside `fill`.
    let mut guard = TempGuard(Some(temp));
    if let Ok(meta) = fs::metadata(&target) {
        // Best effort: a destination we may not chmod still gets its content replaced.
        let _ = file.set_permissions(meta.permissions());
    }
    let mut out = BufWriter::new(file);
    let written = fill(&mut out)?;
    let file = out
        .into_inner()
        .map_err(|e| context(e.into_error(), "cannot write", &target))?;
    file.sync_all()
        .map_err(|e| context(e, "cannot write", &target))?;
    drop(file);
    let temp = guard.0.take().unwrap_or_default();
    if let Err(e) = fs::rename(&temp, &target) {
        let _ = fs::remove_file(&temp);
        return Err(context(e, "cannot replace", &target).into());
    }
    Ok(written)
}

/// The file a path stands for: the target of a symbolic link, so that the rename
/// replaces the file and not the link.
fn resolve(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
        }
        _ => path.to_owned(),
    }
}

fn create_temp(target: &Path) -> io::Result<(File, PathBuf)> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} does not name a file", target.display()),
            )
        })?;
    let mut last = None;
    for _ in 0..NAME_ATTEMPTS {
        let temp = dir.join(format!(".{name}.{:016x}.part", fastrand::u64(..)));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((file, temp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(context(e, "cannot create a file beside", target)),
        }
    }
    Err(context(
        last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists)),
        "no free temporary name beside",
        target,
    ))
}

fn context(e: io::Error, what: &str, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{what} {}: {e}", path.display()))
}

struct TempGuard(Option<PathBuf>);

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(temp) = self.0.take() {
            let _ = fs::remove_file(temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pd-save-{tag}-{}", fastrand::u64(..)));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".part"))
            .collect()
    }

    #[test]
    fn failure_leaves_the_existing_file_untouched() {
        let dir = scratch("keep");
        let keep = dir.join("keep.bin");
        fs::write(&keep, b"precious").unwrap();
        let r: Result<u64, io::Error> = save_atomically(&keep, |out| {
            out.write_all(b"half of the new")?;
            Err(io::Error::other("connection dropped"))
        });
        assert!(r.is_err());
        assert_eq!(fs::read(&keep).unwrap(), b"precious");
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn failure_creates_no_file() {
        let dir = scratch("new");
        let target = dir.join("new.bin");
        let r: Result<u64, io::Error> = save_atomically(&target, |_| Err(io::Error::other("404")));
        assert!(r.is_err());
        assert!(!target.exists());
        assert!(leftovers(&dir).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn success_replaces_and_keeps_permissions() {
        let dir = scratch("ok");
        let target = dir.join("out.bin");
        fs::write(&target, b"old old old old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        }
        let n: u64 = save_atomically::<io::Error, _>(&target, |out| {
            out.write_all(b"new")?;
            Ok(3)
        })
        .unwrap();
        assert_eq!(n, 3);
        assert_eq!(fs::read(&target).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert!(leftovers(&dir).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_keeps_pointing_at_the_new_content() {
        let dir = scratch("link");
        let real = dir.join("real.bin");
        let link = dir.join("link.bin");
        fs::write(&real, b"old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        save_atomically::<io::Error, _>(&link, |out| {
            out.write_all(b"new")?;
            Ok(3)
        })
        .unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_directory_as_destination_fails_and_stays() {
        let dir = scratch("dir");
        let sub = dir.join("sub");
        fs::create_dir(&sub).unwrap();
        let r = save_atomically::<io::Error, _>(&sub, |out| {
            out.write_all(b"x")?;
            Ok(1)
        });
        assert!(r.is_err());
        assert!(sub.is_dir());
        assert!(leftovers(&dir).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_directory_is_not_found_and_names_the_path() {
        let dir = scratch("missing");
        let target = dir.join("nope").join("x.bin");
        let e = save_atomically::<io::Error, _>(&target, |_| Ok(0)).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        assert!(e.to_string().contains("x.bin"), "{e}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
