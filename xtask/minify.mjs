// Minifies JS files in place with terser (from the project's `.tools`, pinned in tools.toml) and
// prints each file's new subresource integrity (`sha384-…`), one line per file, in order.
//
//   node xtask/minify.mjs <tools dir> module|script <file>...
//
// `module` for wasm-bindgen's glue (an ES module), `script` for a classic script (the service
// worker). Called by `cargo xtask` (xtask/src/minify.rs).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const [tools, kind, ...files] = process.argv.slice(2);
if (!tools || !['module', 'script'].includes(kind) || files.length === 0) {
  console.error('usage: node xtask/minify.mjs <tools dir> module|script <file>...');
  process.exit(2);
}
const { minify } = createRequire(join(resolve(tools), 'package.json'))('terser');
for (const file of files) {
  const { code } = await minify(readFileSync(file, 'utf8'), {
    module: kind === 'module',
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  writeFileSync(file, code);
  console.log(`sha384-${createHash('sha384').update(code).digest('base64')}`);
}
