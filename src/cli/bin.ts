#!/usr/bin/env -S node --max-semi-space-size=8 --enable-source-maps
// The `cairn` program (package.json "bin"; bundled as bundle/cli.js in the image). The node
// flags are npm start's, so that `cairn daemon` runs the service exactly as `npm start` does.
import { run } from './program.ts'

process.exitCode = await run(process.argv.slice(2))
