// Validates Kubernetes manifests offline against the API schemas of the npm packages
// kubernetes-models and @kubernetes-models/prometheus-operator (no API server needed).
// Run by scripts/validate-manifests.sh, which installs them into $MODULES; exits 1 if any
// document is invalid.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const modules = path.join(process.env.MODULES, 'node_modules');
const { parseAllDocuments } = createRequire(path.join(modules, 'x'))('yaml');
// the packages export ES modules per API group and version
const models = {
  'v1': 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};

let failures = 0;
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const manifest = document.toJSON();
    if (!manifest) continue;
    const name = `${file}: ${manifest.kind} ${manifest.metadata?.name}`;
    const module = models[manifest.apiVersion];
    const Model = module && (await import(pathToFileURL(path.join(modules, module, 'index.js'))))[manifest.kind];
    if (!Model) {
      console.error(`${name}: no schema for ${manifest.apiVersion} ${manifest.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(manifest).validate();
      console.log(`${name}: valid`);
    } catch (error) {
      console.error(`${name}: ${error.message}`);
      failures++;
    }
  }
}
process.exit(failures ? 1 : 0);
