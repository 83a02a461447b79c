//! `grille serve`: a local web page, for teachers who never open a terminal, and the same
//! engine as the command line behind HTTP endpoints other tools can use.
//!
//! A producer layer: every answer comes from the library functions `check`, `fix` and `batch`
//! use ([`crate::batch::run`], [`crate::batch::write`], [`crate::batch::summary`]); this module
//! only carries files in and answers out, and never prints (the CLI prints the address).
//!
//! The files hold students' personal data, so:
//! - the server listens on 127.0.0.1 only, and refuses a `Host` that is not the loopback
//!   ([`routes::host_allowed`]): a web page elsewhere cannot reach it through DNS rebinding;
//! - uploads are kept in a private temporary folder removed as soon as they are checked,
//!   before the answer is sent ([`uploads`]), and bounded in size (413 beyond the limit);
//! - the page, its CSS and its JavaScript are embedded in the binary ([`page`]): nothing is
//!   fetched from the network.

mod archive;
mod lang;
mod page;
mod routes;
mod uploads;

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;

use crate::Lang;

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 8080;
/// How many ports after the first are tried when it is taken.
pub const PORT_TRIES: u16 = 20;
/// Upload limit of one request by default: a whole class's Moodle archive fits.
pub const DEFAULT_MAX_UPLOAD: u64 = 50 << 20;
/// Requests checked at once; others wait their turn (the machine stays usable).
pub const DEFAULT_CONCURRENCY: usize = 2;

/// How the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeOptions {
    /// The first port tried; 0 lets the system choose a free one.
    pub port: u16,
    /// Bytes of one request's body, beyond which it is refused with 413.
    pub max_upload: u64,
    /// Requests processed at once.
    pub concurrency: usize,
    /// Worker threads of one request's checks.
    pub jobs: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            port: DEFAULT_PORT,
            max_upload: DEFAULT_MAX_UPLOAD,
            concurrency: DEFAULT_CONCURRENCY,
            jobs: 2,
        }
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("aucun port libre de {first} à {last} sur 127.0.0.1 ({source})")]
    NoFreePort {
        first: u16,
        last: u16,
        source: std::io::Error,
    },
    #[error("le serveur s’est arrêté ({0})")]
    Runtime(std::io::Error),
}

impl ServeError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                ServeError::NoFreePort {
                    first,
                    last,
                    source,
                },
                _,
            ) => {
                let reason = crate::input::io_reason(source, lang);
                match lang {
                    Lang::Fr => {
                        format!("aucun port libre de {first} à {last} sur 127.0.0.1 ({reason})")
                    }
                    Lang::En => {
                        format!("no free port from {first} to {last} on 127.0.0.1 ({reason})")
                    }
                }
            }
            (ServeError::Runtime(e), _) => {
                let reason = crate::input::io_reason(e, lang);
                lang.pick(
                    format!("le serveur s’est arrêté ({reason})"),
                    format!("the server stopped ({reason})"),
                )
            }
        }
    }
}

/// A server bound to its port, not yet answering: the caller can show the address (and open
/// a browser on it) before [`Server::run`] blocks.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
    options: ServeOptions,
}

/// Binds 127.0.0.1 on `options.port`, or the next free port among [`PORT_TRIES`].
pub fn bind(options: ServeOptions) -> Result<Server, ServeError> {
    let first = options.port;
    let last = if first == 0 {
        0
    } else {
        first.saturating_add(PORT_TRIES - 1)
    };
    let mut error = None;
    for port in first..=last {
        match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
            Ok(listener) => {
                let addr = listener.local_addr().map_err(ServeError::Runtime)?;
                return Ok(Server {
                    listener,
                    addr,
                    options,
                });
            }
            Err(e) => error = Some(e),
        }
    }
    Err(ServeError::NoFreePort {
        first,
        last,
        source: error.unwrap_or_else(|| std::io::Error::from(std::io::ErrorKind::AddrInUse)),
    })
}

impl Server {
    /// The address bound (127.0.0.1 and the port actually taken).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's address, as a user types it.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.addr.port())
    }

    /// Answers requests until the process ends.
    pub fn run(self) -> Result<(), ServeError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("grille-serve")
            .enable_io()
            .enable_time()
            .build()
            .map_err(ServeError::Runtime)?;
        let state = Arc::new(routes::State::new(self.options, self.addr.port()));
        runtime.block_on(async move {
            self.listener
                .set_nonblocking(true)
                .map_err(ServeError::Runtime)?;
            let listener =
                tokio::net::TcpListener::from_std(self.listener).map_err(ServeError::Runtime)?;
            axum::serve(listener, routes::router(state))
                .await
                .map_err(ServeError::Runtime)
        })
    }
}
