// Compiles the board's stylesheet and copies the design-system scripts into build/static/hub.
// Build time only: the running hub serves the output through WhiteNoise and never needs Node.
import { compile } from "sass";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
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
// Icons the stylesheet refers to, from the design-system packages. Crown, crest and logotype
// images are GOV.UK's and MOJ's own marks, not the board's: a blank image stands in for them.
const iconSources = [
  "node_modules/govuk-frontend/dist/govuk/assets/images",
  "node_modules/@ministryofjustice/frontend/moj/assets/images",
];
const blankSvg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>';
mkdirSync(join(out, "assets", "images"), { recursive: true });
const referenced = new Set(
  [...css.css.matchAll(/url\("?\/static\/hub\/assets\/images\/([^")]+)"?\)/g)].map((m) => m[1]),
);
for (const name of referenced) {
  const target = join(out, "assets", "images", name);
  const source = iconSources.map((dir) => join(root, dir, name)).find(existsSync);
  if (source && !/crown|crest|logotype/.test(name)) {
    copyFileSync(source, target);
  } else {
    writeFileSync(target, blankSvg);
  }
}
console.log(`frontend built: ${out}`);
