//! Tells the browser test (tests/it/serve_browser.rs) whether it can run:
//! outside CI, a machine without Chromium, Node or puppeteer-core (`npm
//! ci`) reports that test as ignored, with the reason, instead of passing
//! it. Under CI (`CI=true`) it always runs, so a missing browser fails.

use std::path::Path;

fn on_path(names: &[&str]) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| names.iter().any(|n| dir.join(n).is_file()))
}

fn main() {
    println!("cargo::rustc-check-cfg=cfg(ccsim_no_browser)");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=package-lock.json");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let browser = on_path(&[
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]);
    let node = on_path(&["node"]);
    let puppeteer = Path::new("node_modules/puppeteer-core/package.json").is_file();
    let can_run = browser && node && puppeteer;
    if !(ci || can_run) {
        println!("cargo::rustc-cfg=ccsim_no_browser");
    }
}
