#!/usr/bin/env node
// The `wxpay` command: the code is in lib/cli (built to dist/cli); see docs/cli.md.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
