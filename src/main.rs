//! The web entry point: install the panic hook and mount the app. Nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    shinko::dom::mark("shinko:main");
    // The page's "loading" line (index.html) gives way to the app.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("shinko-boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(shinko::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("この実行ファイルはブラウザ用です。`./dev serve` でアプリを起動してください。");
    std::process::exit(2);
}
