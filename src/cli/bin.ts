#!/usr/bin/env -S node --max-semi-space-size=16
// The `cairn` program (package.json "bin"). The node flag is npm start's, so that
// `cairn daemon` runs the service exactly as `npm start` does.
import { run } from './program.ts'

process.exitCode = await run(process.argv.slice(2))
