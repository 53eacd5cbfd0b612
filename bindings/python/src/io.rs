//! Python binary file objects as Rust `Read + Seek` (uploads) and `Write` (downloads).
//!
//! They are used while the GIL is released, so every call re-attaches for the duration of
//! one Python method call. A Python exception raised by the file object is kept and
//! re-raised as is once the request is over, instead of becoming an opaque I/O error.
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex};

/// Where a file object's own exception waits to be re-raised.
pub type ErrorSlot = Arc<Mutex<Option<PyErr>>>;

fn keep(slot: &ErrorSlot, e: PyErr) -> io::Error {
    let text = e.to_string();
    *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
    io::Error::other(text)
}

/// Takes the exception a file object raised, if any.
pub fn take(slot: &ErrorSlot) -> Option<PyErr> {
    slot.lock().unwrap_or_else(|p| p.into_inner()).take()
}

/// A readable, seekable Python binary file object.
pub struct PyReader {
    obj: Py<PyAny>,
    slot: ErrorSlot,
}

impl PyReader {
    pub fn new(obj: Py<PyAny>, slot: ErrorSlot) -> Self {
        Self { obj, slot }
    }
}

impl Read for PyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Python::attach(|py| {
            let chunk = self
                .obj
                .bind(py)
                .call_method1("read", (buf.len(),))
                .map_err(|e| keep(&self.slot, e))?;
            let bytes = chunk.cast::<PyBytes>().map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    "the upload's file object must be opened in binary mode",
                )
            })?;
            let data = bytes.as_bytes();
            let n = data.len().min(buf.len());
            if let (Some(dst), Some(src)) = (buf.get_mut(..n), data.get(..n)) {
                dst.copy_from_slice(src);
            }
            Ok(n)
        })
    }
}

impl Seek for PyReader {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let (offset, whence) = match pos {
            SeekFrom::Start(n) => (i128::from(n), 0),
            SeekFrom::Current(n) => (i128::from(n), 1),
            SeekFrom::End(n) => (i128::from(n), 2),
        };
        Python::attach(|py| {
            self.obj
                .bind(py)
                .call_method1("seek", (offset, whence))
                .and_then(|p| p.extract::<u64>())
                .map_err(|e| keep(&self.slot, e))
        })
    }
}

/// A writable Python binary file object.
pub struct PyWriter {
    obj: Py<PyAny>,
    slot: ErrorSlot,
}

impl PyWriter {
    pub fn new(obj: Py<PyAny>, slot: ErrorSlot) -> Self {
        Self { obj, slot }
    }
}

impl Write for PyWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Python::attach(|py| {
            let written = self
                .obj
                .bind(py)
                .call_method1("write", (PyBytes::new(py, buf),))
                .map_err(|e| keep(&self.slot, e))?;
            // Raw files may write less than asked and say so; buffered ones return None.
            Ok(written
                .extract::<usize>()
                .unwrap_or(buf.len())
                .min(buf.len()))
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Python::attach(|py| {
            let obj = self.obj.bind(py);
            if obj.hasattr("flush").unwrap_or(false) {
                obj.call_method0("flush").map_err(|e| keep(&self.slot, e))?;
            }
            Ok(())
        })
    }
}
