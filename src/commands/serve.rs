//! `ccsim serve`: bind, say where, answer until stopped (see [`crate::serve`]).

use crate::cli::ServeArgs;
use crate::error::Error;
use crate::serve::Server;

/// The whole `ccsim serve` pipeline.
pub fn execute(args: &ServeArgs) -> Result<(), Error> {
    let host = args.host.as_deref().unwrap_or("127.0.0.1");
    let server = Server::bind(host, args.port)?;
    if !server.addr().ip().is_loopback() {
        eprintln!(
            "warning: listening on {host}, reachable from other machines: the workbench has no authentication, anyone who can reach it can run simulations"
        );
    }
    println!(
        "ccsim workbench: http://{}/ (Ctrl-C stops it)",
        server.addr()
    );
    server.run()
}
