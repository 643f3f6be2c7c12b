#!/usr/bin/env node
// The `lightbox` command: runs the compiled JavaScript in dist/ (built by `npm run build`, which `npm install` runs).
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
