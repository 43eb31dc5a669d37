#!/usr/bin/env node
// Runs `prisma generate` on machines that cannot download Prisma's engines.
// Generation never runs the schema engine, but Prisma 7 insists that its path
// exists; point it at this file unless the caller provides a real binary.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= __filename;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const cli = require.resolve('prisma/build/index.js');
execFileSync(process.execPath, [cli, 'generate'], {
  cwd: path.join(__dirname, '..'),
  env,
  stdio: 'inherit',
});
