//! The current language as reactive state: chosen once from localStorage or `navigator.language`,
//! switched from the header, remembered in localStorage and mirrored to `<html lang>`.

use crate::i18n::{self, Lang};
use leptos::prelude::*;

const STORAGE_KEY: &str = "carryover.lang";

#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Creates the language state, provides it as context and keeps `<html lang>` in step (the
    /// title follows the route and the language: `nav.rs`).
    pub fn provide() -> I18n {
        let i18n = I18n {
            lang: RwSignal::new(initial_lang()),
        };
        provide_context(i18n);
        // Synchronises the DOM outside the app's root (an external system), writes no signal.
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            let doc = document();
            if let Some(html) = doc.document_element() {
                let _ = html.set_attribute("lang", lang.tag());
            }
        });
        i18n
    }

    pub fn lang_untracked(self) -> Lang {
        self.lang.get_untracked()
    }

    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// Switches the language and remembers the choice.
    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.tag());
        }
    }

    /// A reactive text for use in views: follows the language.
    pub fn t(self, key: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || i18n::tr(self.lang.get(), key)
    }

    /// The text now (tracks the language when called inside a reactive closure).
    pub fn s(self, key: &'static str) -> &'static str {
        i18n::tr(self.lang.get(), key)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn initial_lang() -> Lang {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    stored
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or_else(|| Lang::for_browser(window().navigator().language().as_deref()))
}
