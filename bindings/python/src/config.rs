//! The Python constructor's options turned into the one Rust [`Config`]. Every default
//! and environment variable is Rust's: an option the caller did not give is simply not
//! set here, and `Client()` without a credential is [`Config::from_env`].
use crate::errors::{invalid_input, to_pyerr};
use pipedrive_transport::{
    BASE_URL_ENV_VAR, COMPANY_DOMAIN_ENV_VAR, Config, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IDLE_CONNECTIONS, DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_DELAY, DEFAULT_READ_TIMEOUT, DEFAULT_RETRY_BASE_DELAY, DEFAULT_USER_AGENT,
    RefreshError, TOKEN_ENV_VAR,
};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt};
use std::time::Duration;

/// A timeout keyword. Absent keeps Rust's default, `None` is no limit, a number is
/// seconds; the Python wrapper leaves the keyword out when the caller did not give it,
/// which is how "not given" and `None` stay apart.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// Not given: Rust's default.
    Default,
    /// `None`: no limit.
    Off,
    /// Seconds (checked when applied).
    Seconds(f64),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Limit {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_none() {
            Ok(Limit::Off)
        } else {
            Ok(Limit::Seconds(obj.extract::<f64>()?))
        }
    }
}

/// The constructor's keywords, as received.
pub struct Options<'py> {
    pub api_token: Option<String>,
    pub oauth_token: Option<String>,
    pub on_token_refresh: Option<Bound<'py, PyAny>>,
    pub company_domain: Option<String>,
    pub base_url: Option<String>,
    pub connect_timeout: Limit,
    pub read_timeout: Limit,
    pub timeout: Limit,
    pub max_retries: Option<Bound<'py, PyAny>>,
    pub retry_base_delay: Option<f64>,
    pub max_retry_delay: Option<f64>,
    pub max_idle_connections: Option<Bound<'py, PyAny>>,
    pub max_body_bytes: Option<Bound<'py, PyAny>>,
    pub user_agent: Option<String>,
}

fn seconds(py: Python<'_>, name: &str, s: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(s).map_err(|_| {
        invalid_input(
            py,
            format!("`{name}` must be a non-negative number of seconds, got {s}"),
        )
    })
}

fn limit(py: Python<'_>, name: &str, l: Limit) -> PyResult<Option<Option<Duration>>> {
    Ok(match l {
        Limit::Default => None,
        Limit::Off => Some(None),
        Limit::Seconds(s) => Some(Some(seconds(py, name, s)?)),
    })
}

/// A whole number `>= 0` that fits `T`; `True`/`False` and floats are refused.
fn count<T: TryFrom<u64>>(
    py: Python<'_>,
    name: &str,
    v: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<T>> {
    let Some(v) = v else { return Ok(None) };
    let bad = || invalid_input(py, format!("`{name}` must be an int >= 0"));
    if v.is_instance_of::<PyBool>() || !v.is_instance_of::<PyInt>() {
        return Err(bad());
    }
    let n: u64 = v.extract().map_err(|_| bad())?;
    T::try_from(n).map(Some).map_err(|_| bad())
}

/// The Rust config for these options.
pub fn build(py: Python<'_>, o: Options<'_>) -> PyResult<Config> {
    let mut config = match (o.api_token, o.oauth_token) {
        (Some(_), Some(_)) => {
            return Err(invalid_input(
                py,
                "pass either api_token or oauth_token, not both",
            ));
        }
        (Some(t), None) => Config::with_api_token(t),
        (None, Some(t)) => Config::oauth(t),
        (None, None) => Config::from_env().map_err(|e| to_pyerr(py, e))?,
    };
    if let Some(hook) = o.on_token_refresh {
        if !config.is_oauth() {
            return Err(invalid_input(
                py,
                "on_token_refresh needs oauth_token: an API token cannot be refreshed",
            ));
        }
        if !hook.is_callable() {
            return Err(invalid_input(py, "on_token_refresh must be callable"));
        }
        let hook = hook.unbind();
        // Runs on the thread whose request got the 401, with the GIL released; it takes
        // the GIL back for the call. An exception becomes Error::TokenRefresh, which
        // Python sees as AuthenticationError.
        config = config.on_token_refresh(move || {
            Python::attach(|py| {
                hook.call0(py)
                    .and_then(|token| token.extract::<String>(py))
                    .map_err(|e| -> RefreshError {
                        format!("on_token_refresh raised {}", describe(py, &e)).into()
                    })
            })
        });
    }
    if let Some(c) = o.company_domain {
        config = config.company_domain(c);
    }
    if let Some(b) = o.base_url {
        config = config.base_url(b);
    }
    if let Some(t) = limit(py, "connect_timeout", o.connect_timeout)? {
        config = config.connect_timeout(t);
    }
    if let Some(t) = limit(py, "read_timeout", o.read_timeout)? {
        config = config.read_timeout(t);
    }
    if let Some(t) = limit(py, "timeout", o.timeout)? {
        config = config.timeout(t);
    }
    if let Some(n) = count(py, "max_retries", o.max_retries.as_ref())? {
        config = config.max_retries(n);
    }
    if let Some(s) = o.retry_base_delay {
        config = config.retry_base_delay(seconds(py, "retry_base_delay", s)?);
    }
    if let Some(s) = o.max_retry_delay {
        config = config.max_retry_delay(seconds(py, "max_retry_delay", s)?);
    }
    if let Some(n) = count(py, "max_idle_connections", o.max_idle_connections.as_ref())? {
        config = config.max_idle_connections(n);
    }
    if let Some(n) = count(py, "max_body_bytes", o.max_body_bytes.as_ref())? {
        config = config.max_body_bytes(n);
    }
    if let Some(ua) = o.user_agent {
        config = config.user_agent(ua);
    }
    Ok(config)
}

/// `TypeName: message` of a Python exception, for the refresh error's text.
fn describe(py: Python<'_>, e: &PyErr) -> String {
    let name = e
        .get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "exception".to_owned());
    format!("{name}: {}", e.value(py))
}

/// Rust's defaults and environment variable names, for the docs and the test that keeps
/// the docstrings honest (`config_defaults()` in Python).
#[pyfunction]
pub fn config_defaults(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("connect_timeout", DEFAULT_CONNECT_TIMEOUT.as_secs_f64())?;
    d.set_item("read_timeout", DEFAULT_READ_TIMEOUT.as_secs_f64())?;
    d.set_item("timeout", py.None())?;
    d.set_item("max_retries", DEFAULT_MAX_RETRIES)?;
    d.set_item("retry_base_delay", DEFAULT_RETRY_BASE_DELAY.as_secs_f64())?;
    d.set_item("max_retry_delay", DEFAULT_MAX_RETRY_DELAY.as_secs_f64())?;
    d.set_item("max_idle_connections", DEFAULT_MAX_IDLE_CONNECTIONS)?;
    d.set_item("max_body_bytes", DEFAULT_MAX_BODY_BYTES)?;
    d.set_item("user_agent", DEFAULT_USER_AGENT)?;
    d.set_item("token_env_var", TOKEN_ENV_VAR)?;
    d.set_item("base_url_env_var", BASE_URL_ENV_VAR)?;
    d.set_item("company_domain_env_var", COMPANY_DOMAIN_ENV_VAR)?;
    Ok(d)
}
