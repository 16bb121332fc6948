#!/usr/bin/env node
/*
 * Starts Azurite's blob service (pinned in package.json) with the arguments given, like `azurite-blob`. With
 * --exit-with-stdin (which is not passed on) it stops when its standard input closes, so a test JVM that dies, even
 * by SIGKILL, takes Azurite along. Azurite prints "Azurite Blob service successfully listens on http://HOST:PORT"
 * when ready.
 */
'use strict';

const main = require.resolve('azurite/dist/src/blob/main.js');
const args = process.argv.slice(2);
const watchStdin = args.includes('--exit-with-stdin');
process.argv = [process.argv[0], main, ...args.filter((arg) => arg !== '--exit-with-stdin')];
if (watchStdin) {
  // shut down as on SIGTERM, so that Azurite closes its servers and writes its metadata to disk (a JVM closes the
  // child's stdin right after sending SIGTERM, so both can arrive at once); exit hard if that takes too long
  const shutdown = () => {
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(0), 10000).unref();
  };
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}
require(main);
