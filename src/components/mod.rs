//! Reusable pieces of UI shared by several pages.

pub mod claim_panel;
pub mod crowd;
pub mod error_note;
pub mod highlight;
pub mod moderation;
pub mod selection;
pub mod status;
// The `#[lazy]` machinery links the forms to their chunk through `extern` imports and exports.
#[allow(unsafe_code)]
pub mod tools;
pub mod user_menu;

/// Text for an element whose content leptos 0.8 writes unescaped on the server: `<title>` (leptos_meta)
/// and `<textarea>` (tachys treats its children as raw text). Both are RCDATA, so `</title>` or
/// `</textarea>` in stored text would end the element and let markup after it run. The server
/// writes `&`, `<` and `>` as character references, which the browser decodes back to the text; in
/// the browser build the text is set through the DOM, where it is never parsed, so it stays as is.
/// Marks the page as interactive (`data-hydrated="true"` on `<body>`) once the page's own view is
/// live, so browser tests (and curious people) can tell a hydrated page from a server-rendered one.
/// Each route's view calls it: a lazily loaded page hydrates after its code arrives, later than the
/// app around it, and a form clicked before that posts as plain HTML. Effects run only in the browser.
pub fn mark_hydrated() {
    leptos::prelude::Effect::new(move |_| {
        if let Some(body) = leptos::prelude::document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// True once the page's code runs in the browser (effects run only there), false in the server's
/// render and during hydration: for controls that act only through that code, disabled (or left
/// out) until then, so that a browser without JavaScript is not offered a button that does nothing.
pub fn page_is_live() -> leptos::prelude::Signal<bool> {
    use leptos::prelude::*;
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    live.into()
}

pub fn rcdata_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        if text.contains(['&', '<', '>']) {
            return text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        }
    }
    text
}

/// The key of a keyboard shortcut: `None` when a modifier is held or the reader is typing in a
/// form field (or an editable element), where keys are text, not commands.
#[cfg(feature = "hydrate")]
pub fn shortcut_key(ev: &web_sys::KeyboardEvent) -> Option<String> {
    use wasm_bindgen::JsCast;
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return None;
    }
    let typing = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || el.has_attribute("contenteditable")
    });
    (!typing).then(|| ev.key())
}

/// The `s` shortcut: the open claim's source form, when there is one (its URL field).
#[cfg(feature = "hydrate")]
pub fn focus_source_form(ev: &web_sys::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let field = leptos::prelude::document()
        .get_element_by_id("source-url")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(field) = field {
        ev.prevent_default();
        let _ = field.focus();
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::rcdata_text;

    #[test]
    fn rcdata_text_cannot_close_its_element_on_the_server() {
        assert_eq!(
            rcdata_text("a & b</title><script>x</script>".into()),
            "a &amp; b&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(rcdata_text("plain".into()), "plain");
    }
}
