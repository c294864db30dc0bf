#!/usr/bin/env node
import { main } from '../dist/bundle/rampart.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
