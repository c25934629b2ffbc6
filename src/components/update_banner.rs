use leptos::prelude::*;

/// Tells the user a new version has been deployed and lets them choose when to reload.
/// Announced politely (`role="status"`); nothing happens until they press the button.
#[component]
pub fn UpdateBanner(#[prop(into)] available: Signal<bool>) -> impl IntoView {
    view! {
        <Show when=move || available.get()>
            <div class="update-banner" role="status" data-testid="update-banner">
                <p>
                    "新しい版の Shinko が公開されています。作業中の内容を保存してから更新してください。"
                </p>
                <button
                    type="button"
                    class="button button--primary"
                    data-testid="update-reload"
                    on:click=move |_| crate::service_worker::apply_update()
                >
                    "再読み込みして更新"
                </button>
            </div>
        </Show>
    }
}
