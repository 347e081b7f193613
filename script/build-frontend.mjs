// Compiles the board's stylesheet and copies the design-system scripts into build/static/hub.
// Build time only: the running hub serves the output through WhiteNoise and never needs Node.
import { compile } from "sass";
import { mkdirSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static", "hub");
mkdirSync(out, { recursive: true });

const css = compile(join(root, "safeguarding/core/frontend/hub.scss"), {
  loadPaths: [root, join(root, "node_modules"), join(root, "safeguarding/core/frontend")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
  // Deprecation notices inside the design-system packages are theirs to fix, not ours.
  logger: { warn() {}, debug() {} },
});
writeFileSync(join(out, "hub.css"), css.css);

const copies = {
  "govuk-frontend.min.js": "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js",
  "moj-frontend.min.js": "node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js",
  "hub.mjs": "safeguarding/core/frontend/hub.mjs",
};
for (const [name, source] of Object.entries(copies)) {
  copyFileSync(join(root, source), join(out, name));
}
console.log(`frontend built: ${out}`);
