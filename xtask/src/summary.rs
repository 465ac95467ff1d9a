//! Adds up what the test runners report, for the one closing line.

#[derive(Default)]
pub struct Totals {
    passed: u64,
    failed: u64,
    skipped: u64,
}

impl Totals {
    /// Sums `test result: ok. 14 passed; 0 failed; 2 ignored; ...` lines.
    pub fn add_cargo(&mut self, output: &str) {
        for line in output.lines().filter(|l| l.starts_with("test result:")) {
            self.passed += number_before(line, " passed");
            self.failed += number_before(line, " failed");
            self.skipped += number_before(line, " ignored");
        }
    }

    /// Reads Playwright's JSON report `stats`: expected = passed, unexpected = failed.
    pub fn add_playwright(&mut self, json: &str) {
        let Some(stats) = json.rfind("\"stats\"").map(|i| &json[i..]) else {
            self.failed += 1;
            return;
        };
        self.passed += json_number(stats, "\"expected\"") + json_number(stats, "\"flaky\"");
        self.failed += json_number(stats, "\"unexpected\"");
        self.skipped += json_number(stats, "\"skipped\"");
    }

    /// Sums Schemathesis's test-case lines: `4069 generated, 4069 passed` when all passed,
    /// `3920 generated, 1 found 1 unique failure` otherwise (counted as its unique failures); a
    /// run that printed neither counts as one failure.
    pub fn add_schemathesis(&mut self, output: &str) {
        let mut found = false;
        for line in output.lines().filter(|l| l.contains(" generated")) {
            found = true;
            self.passed += number_before(line, " passed");
            self.failed += number_before(line, " unique failure");
            self.skipped += number_before(line, " skipped");
        }
        if !found {
            self.failed += 1;
        }
    }

    /// The closing line: `summary: N passed, M failed[, K skipped]`.
    pub fn line(&self) -> String {
        format!("summary: {}", self.counts())
    }

    /// `N passed, M failed[, K skipped]`, e.g. for one runner's own line.
    pub fn counts(&self) -> String {
        let mut s = format!("{} passed, {} failed", self.passed, self.failed);
        if self.skipped > 0 {
            s.push_str(&format!(", {} skipped", self.skipped));
        }
        s
    }
}

fn number_before(line: &str, word: &str) -> u64 {
    line.find(word)
        .and_then(|end| {
            let start = line[..end]
                .rfind(|c: char| !c.is_ascii_digit())
                .map_or(0, |i| i + 1);
            line[start..end].parse().ok()
        })
        .unwrap_or(0)
}

fn json_number(text: &str, key: &str) -> u64 {
    text.find(key)
        .map(|i| &text[i + key.len()..])
        .map(|rest| rest.trim_start_matches([':', ' ']))
        .and_then(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_cargo_and_playwright_results() {
        let mut t = Totals::default();
        t.add_cargo("test result: ok. 14 passed; 0 failed; 2 ignored; 0 measured\ntest result: FAILED. 3 passed; 1 failed; 0 ignored");
        t.add_playwright(r#"{"suites": [], "stats": {"startTime": "x", "duration": 1.5, "expected": 12, "skipped": 0, "unexpected": 1, "flaky": 0}}"#);
        assert_eq!(t.line(), "summary: 29 passed, 2 failed, 2 skipped");
    }

    #[test]
    fn a_missing_playwright_report_counts_as_a_failure() {
        let mut t = Totals::default();
        t.add_playwright("");
        assert_eq!(t.line(), "summary: 0 passed, 1 failed");
    }

    #[test]
    fn adds_schemathesis_test_cases() {
        let mut t = Totals::default();
        t.add_schemathesis("Test cases:\n  4069 generated, 4069 passed\n");
        t.add_schemathesis("Test cases:\n  3920 generated, 1 found 1 unique failure\n");
        t.add_schemathesis("a run that crashed before its summary");
        assert_eq!(t.line(), "summary: 4069 passed, 2 failed");
    }
}
