//! `ccsim serve`: bind, say where, answer until stopped (see [`crate::serve`]).

use std::io::Write;

use crate::cli::ServeArgs;
use crate::error::Error;
use crate::serve::Server;

/// The whole `ccsim serve` pipeline.
pub fn execute(args: &ServeArgs) -> Result<(), Error> {
    let host = args.host.as_deref().unwrap_or("127.0.0.1");
    let server = Server::bind(host, args.port)?;
    if !server.addr().ip().is_loopback() {
        crate::report::output::warn(&format!(
            "warning: listening on {host}, reachable from other machines: the workbench has no authentication, anyone who can reach it can run simulations"
        ));
    }
    // A closed standard output must neither stop nor panic the server.
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "ccsim workbench: http://{}/ (Ctrl-C stops it)",
        server.addr()
    );
    let _ = out.flush();
    server.run()
}
