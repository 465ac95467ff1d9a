//! Free text as the OpenAPI document describes it. Its length rules are regular expressions with
//! `\s` and `\S` (JSON Schema regexes are ECMAScript's), so the server trims exactly what
//! ECMAScript calls white space: Rust's `trim` also strips U+0085 and keeps U+FEFF, and a text
//! the document accepts would then be refused.

/// ECMAScript's `\s`: WhiteSpace and LineTerminator (ECMA-262 §12.2, §12.3).
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// `s` without leading and trailing white space, as `\S[\s\S]*\S`-style patterns see it.
pub fn trimmed(s: &str) -> &str {
    s.trim_matches(is_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_what_ecmascript_calls_space_and_nothing_else() {
        assert_eq!(trimmed("\u{feff} Max \u{3000}"), "Max");
        // NEL is no space to ECMAScript (Rust's trim would strip it).
        assert_eq!(trimmed("\u{85}\u{0}"), "\u{85}\u{0}");
        assert_eq!(trimmed("\t\r\n"), "");
    }
}
