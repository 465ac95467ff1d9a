//! `carryover precompress DIR`: writes `name.br` (brotli at its best quality, 11) beside every
//! compressible file of the built web app. ServeDir serves those to browsers that accept br;
//! the compression layer's on-the-fly level stays for everything else. Quality 11 is too slow
//! per request but cheap once per build, and it saves about a quarter of the wasm's bytes.

use std::path::{Path, PathBuf};

const COMPRESSIBLE: &[&str] = &[
    "wasm",
    "js",
    "css",
    "html",
    "svg",
    "json",
    "webmanifest",
    "txt",
];

/// What a run did: files written (with their sizes before and after) and files already fresh.
#[derive(Debug, Default)]
pub struct Report {
    pub written: Vec<(PathBuf, u64, u64)>,
    pub fresh: usize,
}

/// Brotli quality 11 with the largest window: the smallest output browsers can decode.
pub fn compress(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 3);
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

/// Precompresses every compressible file under `dir` whose `.br` is missing or older.
pub fn run(dir: &Path) -> anyhow::Result<Report> {
    let mut report = Report::default();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let wanted = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| COMPRESSIBLE.contains(&e));
            if !wanted {
                continue;
            }
            let target = PathBuf::from(format!("{}.br", path.display()));
            let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
            if matches!((modified(&target), modified(&path)), (Some(t), Some(s)) if t >= s) {
                report.fresh += 1;
                continue;
            }
            let data = std::fs::read(&path)?;
            let packed = compress(&data)?;
            std::fs::write(&target, &packed)?;
            report
                .written
                .push((target, data.len() as u64, packed.len() as u64));
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_smaller_br_that_decodes_to_the_original_and_skips_fresh_ones() {
        let dir = std::env::temp_dir().join(format!("carryover-br-{}", crate::db::new_id()));
        std::fs::create_dir_all(dir.join("nested")).unwrap();
        let js = "export function hello() { return 'hello'; }\n".repeat(200);
        std::fs::write(dir.join("nested/app.js"), &js).unwrap();
        std::fs::write(dir.join("photo.png"), [0u8, 1, 2, 3]).unwrap();

        let first = run(&dir).unwrap();
        assert_eq!(first.written.len(), 1, "only the script: {first:?}");
        let packed = std::fs::read(dir.join("nested/app.js.br")).unwrap();
        assert!(packed.len() < js.len() / 10);
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &packed[..], &mut decoded).unwrap();
        assert_eq!(decoded, js.as_bytes());
        assert!(!dir.join("photo.png.br").exists());

        let second = run(&dir).unwrap();
        assert!(second.written.is_empty());
        assert_eq!(second.fresh, 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
