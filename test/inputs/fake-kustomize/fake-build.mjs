// A stand-in for kustomize and kubectl in tests: FAKE_BUILD_MODE picks its behaviour; FAKE_BUILD_ARGS,
// when set, is a file it writes its program name and arguments to (one JSON array).
import fs from 'node:fs';
import path from 'node:path';

const args = [path.basename(process.argv[1] ?? ''), ...process.argv.slice(2)];
if (process.env.FAKE_BUILD_ARGS) fs.writeFileSync(process.env.FAKE_BUILD_ARGS, JSON.stringify(args));
if (process.env.FAKE_BUILD_MODE === 'warn') {
  process.stderr.write("# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n");
}
if (process.env.FAKE_BUILD_MODE === 'before-5.3') {
  // A kustomize older than 5.3, without the Helm target flags, as cobra refuses an unknown flag.
  const unknown = args.find((a) => a === '--helm-kube-version' || a === '--helm-api-versions');
  if (unknown) {
    process.stderr.write(`Error: unknown flag: ${unknown}\n`);
    process.exit(1);
  }
}
// A kustomization of no resource: kustomize prints nothing.
if (process.env.FAKE_BUILD_MODE === 'empty') process.exit(0);
if (process.env.FAKE_BUILD_MODE === 'fail') {
  process.stderr.write("# Warning: 'patchesJson6902' is deprecated.\nError: accumulating resources: accumulation err='accumulating resources from '../../base': must build at directory: not a valid directory'\n");
  process.exit(1);
}
process.stdout.write(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - image: registry.example.com/api:1.0
        name: api
        securityContext:
          privileged: true
`);
