//! Seeding: the demo data of API.md, and (later) bulk data for benchmarks.

pub mod demo;
mod rows;

pub use rows::{Row as SeedRow, V, insert};

/// Accent- and case-folded text for search columns ("Müller" → "muller").
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        match c {
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => out.push('a'),
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => out.push('o'),
            'ü' | 'ù' | 'ú' | 'û' => out.push('u'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn folds_accents_and_case() {
        assert_eq!(super::fold("Müller"), "muller");
        assert_eq!(super::fold("Straße"), "strasse");
        assert_eq!(super::fold("José"), "jose");
    }
}
