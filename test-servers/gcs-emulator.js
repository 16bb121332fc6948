#!/usr/bin/env node
/*
 * Starts the Cloud Storage emulator of firebase-tools OFFLINE, for secposture's integration tests, and prints
 *
 *   GCS_EMULATOR_READY http://127.0.0.1:<port>
 *
 * once it accepts requests. Usage:
 *
 *   node gcs-emulator.js [--host 127.0.0.1] [--port 0] [--data DIR] [--token TOKEN] [--auto-create-buckets]
 *
 *   --port 0               a free port (the default)
 *   --data DIR             where object bytes are kept (default: a new directory under the system temp dir,
 *                          deleted on exit)
 *   --token TOKEN          require "Authorization: Bearer TOKEN" on every request (401 otherwise), so wrong
 *                          credentials can be tested; without it, any or no credentials are accepted
 *   --auto-create-buckets  create a bucket on first use, as the raw emulator does; by default a bucket must be
 *                          created first (POST /storage/v1/b), as on real GCS, so "no such bucket" can be tested
 *   --exit-with-stdin      exit when standard input closes: a parent (the test JVM) that dies takes it along
 *
 * Why not `firebase emulators:start`: the CLI needs Java 21+ and downloads a Security Rules runtime jar from
 * storage.googleapis.com before it starts, so it cannot run offline. This launcher builds the emulator's storage
 * layer and its GCS JSON API router directly from firebase-tools' modules (pinned in package.json, because these
 * are internal module paths) and never starts the rules runtime, which the admin (GCS JSON API) layer does not
 * consult.
 *
 * The raw emulator breaks google-cloud-storage (Java) in several places; this launcher puts its own handlers in
 * front of the emulator's router for those:
 *   - uploads (multipart, media, resumable) are handled here: the emulator's multipart parser wants Content-Type
 *     as the first header of each part (the Java client writes Content-Length first) and does not gunzip the
 *     gzipped bodies the client sends; its resumable upload finalizes on the first PUT and ignores Content-Range,
 *     so only the first chunk of a chunked upload is stored;
 *   - preconditions: ifGenerationMatch (0 = must not exist), ifGenerationNotMatch, ifMetagenerationMatch and
 *     ifMetagenerationNotMatch answer 412, checked atomically with the write; generations strictly increase per
 *     object (the emulator uses Date.now(), so two writes in one millisecond had the same generation);
 *   - reads of a generation that is not the live one answer 404;
 *   - buckets: POST /storage/v1/b creates one, GET/DELETE /storage/v1/b/{bucket} work, GET /storage/v1/b lists;
 *   - PATCH, and POST with X-HTTP-Method-Override: PATCH, on /storage/v1/b/{bucket}/o/{object} update metadata.
 * Still unsupported: compose (so parallel composite uploads), gRPC, ACLs (accepted, no effect).
 *
 * The process exits on SIGTERM/SIGINT, and with --exit-with-stdin when its standard input closes.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { createRequire } = require('module');

const PINNED_FIREBASE_TOOLS = '15.34.2';
const MAX_REQUEST_BYTES = 512 * 1024 * 1024;
const RESERVED_ROOTS = new Set(['', 'b', 'storage', 'upload', 'download', 'v0', 'internal', 'batch']);

function usage(message) {
  process.stderr.write(`gcs-emulator: ${message}\n`
    + 'usage: node gcs-emulator.js [--host H] [--port P] [--data DIR] [--token T] [--auto-create-buckets]'
    + ' [--exit-with-stdin]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { host: '127.0.0.1', port: 0, data: null, token: null, autoCreateBuckets: false, exitWithStdin: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) {
        usage(`${name} needs a value`);
      }
      return argv[++i];
    };
    switch (name) {
      case '--host': args.host = value(); break;
      case '--port': args.port = Number.parseInt(value(), 10); break;
      case '--data': args.data = value(); break;
      case '--token': args.token = value(); break;
      case '--auto-create-buckets': args.autoCreateBuckets = true; break;
      case '--exit-with-stdin': args.exitWithStdin = true; break;
      default:
        // positional form of the first probe: <port> [host]
        if (/^\d+$/.test(name) && i === 0) {
          args.port = Number.parseInt(name, 10);
          if (argv[1] && !argv[1].startsWith('--')) {
            args.host = argv[++i];
          }
          break;
        }
        usage(`unknown argument '${name}'`);
    }
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    usage('--port must be 0 to 65535');
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));

let firebaseRoot;
try {
  firebaseRoot = path.dirname(require.resolve('firebase-tools/package.json'));
} catch (e) {
  process.stderr.write('gcs-emulator: firebase-tools is not installed; run "npm ci" in ' + __dirname + '\n');
  process.exit(3);
}
const firebaseVersion = require(path.join(firebaseRoot, 'package.json')).version;
if (firebaseVersion !== PINNED_FIREBASE_TOOLS) {
  process.stderr.write(`gcs-emulator: needs firebase-tools ${PINNED_FIREBASE_TOOLS} (its internal modules are used),`
    + ` found ${firebaseVersion}; run "npm ci" in ${__dirname}\n`);
  process.exit(3);
}
const firebaseRequire = createRequire(path.join(firebaseRoot, 'package.json'));
const express = firebaseRequire('express');
const storageModule = (name) => firebaseRequire(`./lib/emulator/storage/${name}`);
const { StorageLayer } = storageModule('files');
const { Persistence } = storageModule('persistence');
const { UploadService } = storageModule('upload');
const { createCloudEndpoints } = storageModule('apis/gcloud');
const { CloudStorageObjectMetadata, CloudStorageBucketMetadata } = storageModule('metadata');
const { getAdminOnlyFirebaseRulesValidator, getAdminCredentialValidator } = storageModule('rules/utils');
const { EmulatorRegistry } = firebaseRequire('./lib/emulator/registry');

// ---------------------------------------------------------------------------------------------------------------
// The emulator's storage layer, without the rules runtime

const ownsDataDir = !args.data;
const dataDir = args.data || fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-emulator-'));
const blobDir = path.join(dataDir, 'blobs');
const persistence = new Persistence(blobDir);
const uploadService = new UploadService(persistence);
const noCloudFunctions = { dispatch: async () => {} };
const buckets = new Map();
const storageLayer = new StorageLayer('secposture-test', new Map(), buckets, getAdminOnlyFirebaseRulesValidator(),
  getAdminCredentialValidator(), persistence, noCloudFunctions);
const createdBuckets = new Set();

// ---------------------------------------------------------------------------------------------------------------
// Helpers

class HttpError extends Error {
  constructor(status, reason, message, extra = {}) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.extra = extra;
  }
}

function sendError(res, error) {
  if (res.headersSent) {
    res.end();
    return;
  }
  const status = error instanceof HttpError ? error.status : 500;
  const reason = error instanceof HttpError ? error.reason : 'backendError';
  const message = error.message || 'internal error';
  res.status(status).json({
    error: { code: status, message, errors: [{ domain: 'global', reason, message, ...(error.extra || {}) }] },
  });
}

function handler(fn) {
  return (req, res) => {
    Promise.resolve()
      .then(() => fn(req, res))
      .catch((error) => {
        if (!(error instanceof HttpError)) {
          process.stderr.write(`gcs-emulator: ${req.method} ${req.url} failed: ${error.stack || error}\n`);
        }
        sendError(res, error);
      });
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new HttpError(413, 'uploadTooLarge', `request body over ${MAX_REQUEST_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      try {
        const encoding = (req.header('content-encoding') || '').toLowerCase();
        if (encoding === 'gzip' || encoding === 'x-gzip') {
          body = zlib.gunzipSync(body);
        } else if (encoding === 'deflate') {
          body = zlib.inflateSync(body);
        }
      } catch (e) {
        reject(new HttpError(400, 'invalid', `cannot decompress the request body: ${e.message}`));
        return;
      }
      resolve(body);
    });
    req.on('error', reject);
  });
}

function parseJson(buffer, what) {
  if (buffer.length === 0) {
    return {};
  }
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch (e) {
    throw new HttpError(400, 'parseError', `${what} is not valid JSON: ${e.message}`);
  }
}

/** Splits a multipart/related body into parts; each part's headers may come in any order. */
function parseMultipartRelated(contentType, body) {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType || '');
  if (!match) {
    throw new HttpError(400, 'invalid', `multipart upload without a boundary in Content-Type '${contentType}'`);
  }
  const delimiter = Buffer.from(`--${match[1] || match[2]}`);
  const parts = [];
  let position = body.indexOf(delimiter);
  if (position < 0) {
    throw new HttpError(400, 'invalid', 'multipart body does not contain its boundary');
  }
  while (true) {
    let start = position + delimiter.length;
    if (body.slice(start, start + 2).toString() === '--') {
      break; // closing delimiter
    }
    if (body.slice(start, start + 2).toString() === '\r\n') {
      start += 2;
    }
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    if (next < 0) {
      throw new HttpError(400, 'invalid', 'multipart body is not terminated by its boundary');
    }
    const part = body.slice(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headerText = headerEnd < 0 ? part.toString('latin1') : part.slice(0, headerEnd).toString('latin1');
    const headers = {};
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) {
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
    }
    parts.push({ headers, data: headerEnd < 0 ? Buffer.alloc(0) : part.slice(headerEnd + 4) });
    position = next + 2;
  }
  return parts;
}

function objectNameFrom(query, metadata) {
  const name = (query.name && String(query.name)) || (metadata && metadata.name);
  if (!name) {
    throw new HttpError(400, 'required', 'the object name is missing (query parameter "name" or metadata "name")');
  }
  return name.startsWith('/') ? name.slice(1) : name;
}

function preconditionsFrom(query) {
  const number = (name) => (query[name] === undefined ? undefined : String(query[name]));
  return {
    ifGenerationMatch: number('ifGenerationMatch'),
    ifGenerationNotMatch: number('ifGenerationNotMatch'),
    ifMetagenerationMatch: number('ifMetagenerationMatch'),
    ifMetagenerationNotMatch: number('ifMetagenerationNotMatch'),
  };
}

function checkPreconditions(current, conditions) {
  const generation = current ? String(current.generation) : '0';
  const metageneration = current ? String(current.metageneration) : undefined;
  const failed = (header) => new HttpError(412, 'conditionNotMet',
    'At least one of the pre-conditions you specified did not hold.', { locationType: 'header', location: header });
  if (conditions.ifGenerationMatch !== undefined && conditions.ifGenerationMatch !== generation) {
    throw failed('If-Match');
  }
  if (conditions.ifGenerationNotMatch !== undefined && conditions.ifGenerationNotMatch === generation) {
    throw failed('If-None-Match');
  }
  if (conditions.ifMetagenerationMatch !== undefined && conditions.ifMetagenerationMatch !== metageneration) {
    throw failed('If-Metageneration-Match');
  }
  if (conditions.ifMetagenerationNotMatch !== undefined && conditions.ifMetagenerationNotMatch === metageneration) {
    throw failed('If-Metageneration-Not-Match');
  }
}

// Writes are serialised, so a precondition check and the write it guards are atomic.
let writeChain = Promise.resolve();
function serialized(work) {
  const run = writeChain.then(work, work);
  writeChain = run.catch(() => undefined);
  return run;
}

let lastGeneration = 0;
function nextGeneration() {
  lastGeneration = Math.max(Date.now() * 1000, lastGeneration + 1);
  return lastGeneration;
}

function etagOf(generation, metageneration) {
  return crypto.createHash('sha1').update(`${generation}/${metageneration}`).digest('base64').slice(0, -1);
}

function storeObject(bucket, name, metadata, data, conditions) {
  return serialized(async () => {
    checkPreconditions(storageLayer.getMetadata(bucket, name), conditions);
    const upload = uploadService.multipartUpload({
      bucketId: bucket,
      objectId: name,
      metadata,
      dataRaw: data,
      authorization: 'Bearer owner',
    });
    const stored = await storageLayer.uploadObject(upload);
    stored.generation = nextGeneration();
    stored.etag = etagOf(stored.generation, stored.metageneration);
    return new CloudStorageObjectMetadata(stored);
  });
}

function uploadUrl(req, bucket, name, id) {
  const host = req.header('host');
  const url = new URL(`${req.protocol}://${host}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o`);
  url.searchParams.set('uploadType', 'resumable');
  url.searchParams.set('name', name);
  url.searchParams.set('upload_id', id);
  return url.toString();
}

// ---------------------------------------------------------------------------------------------------------------
// Resumable upload sessions

const sessions = new Map();

function receivedRange(session) {
  return session.received > 0 ? `bytes=0-${session.received - 1}` : undefined;
}

async function continueResumable(req, res) {
  const session = sessions.get(String(req.query.upload_id || ''));
  if (!session) {
    throw new HttpError(404, 'notFound', `no resumable upload session '${req.query.upload_id}'`);
  }
  const body = await readBody(req);
  if (session.result) {
    res.status(200).json(session.result);
    return;
  }
  const contentRange = req.header('content-range');
  let total;
  if (!contentRange) {
    session.chunks.push(body);
    session.received += body.length;
    total = session.received;
  } else {
    const match = /^bytes (\*|(\d+)-(\d+))\/(\*|\d+)$/.exec(contentRange.trim());
    if (!match) {
      throw new HttpError(400, 'invalid', `malformed Content-Range '${contentRange}'`);
    }
    total = match[4] === '*' ? undefined : Number(match[4]);
    if (match[1] !== '*') {
      const start = Number(match[2]);
      const end = Number(match[3]);
      if (end - start + 1 !== body.length) {
        throw new HttpError(400, 'invalid', `Content-Range '${contentRange}' does not match a body of ${body.length} bytes`);
      }
      if (start > session.received) {
        // a gap: tell the client what we have, it resends from there
        const range = receivedRange(session);
        if (range) {
          res.setHeader('Range', range);
        }
        res.status(308).end();
        return;
      }
      const fresh = body.slice(session.received - start);
      session.chunks.push(fresh);
      session.received += fresh.length;
    } else if (body.length > 0) {
      throw new HttpError(400, 'invalid', `Content-Range '${contentRange}' with a body`);
    }
  }
  if (total !== undefined && session.received === total) {
    const data = Buffer.concat(session.chunks);
    session.chunks = [];
    session.result = await storeObject(session.bucket, session.name, session.metadata, data, session.conditions);
    res.status(200).json(session.result);
    return;
  }
  if (total !== undefined && session.received > total) {
    throw new HttpError(400, 'invalid', `received ${session.received} bytes, more than the declared ${total}`);
  }
  const range = receivedRange(session);
  if (range) {
    res.setHeader('Range', range);
  }
  res.status(308).end();
}

async function startUpload(req, res) {
  const bucket = req.params.bucket;
  const uploadType = String(req.query.uploadType || req.header('x-goog-upload-protocol') || 'media');
  const conditions = preconditionsFrom(req.query);
  const body = await readBody(req);
  if (uploadType === 'resumable') {
    const metadata = parseJson(body, 'the resumable upload metadata');
    const name = objectNameFrom(req.query, metadata);
    const contentType = metadata.contentType || req.header('x-upload-content-type');
    const id = crypto.randomUUID();
    sessions.set(id, {
      bucket, name, conditions, chunks: [], received: 0, result: null,
      metadata: { ...metadata, contentType },
    });
    res.setHeader('Location', uploadUrl(req, bucket, name, id));
    res.setHeader('X-GUploader-UploadID', id);
    res.status(200).end();
    return;
  }
  if (uploadType === 'multipart') {
    const parts = parseMultipartRelated(req.header('content-type'), body);
    if (parts.length !== 2) {
      throw new HttpError(400, 'invalid', `a multipart upload has 2 parts (metadata, media), got ${parts.length}`);
    }
    const metadata = parseJson(parts[0].data, 'the multipart upload metadata');
    const name = objectNameFrom(req.query, metadata);
    const contentType = metadata.contentType || parts[1].headers['content-type'];
    res.status(200).json(await storeObject(bucket, name, { ...metadata, contentType }, parts[1].data, conditions));
    return;
  }
  if (uploadType === 'media') {
    const name = objectNameFrom(req.query, null);
    const contentType = req.header('content-type');
    res.status(200).json(await storeObject(bucket, name, { contentType }, body, conditions));
    return;
  }
  throw new HttpError(400, 'invalid', `unknown uploadType '${uploadType}'`);
}

// ---------------------------------------------------------------------------------------------------------------
// The server

function bucketJson(name) {
  return new CloudStorageBucketMetadata(name);
}

function requireKnownBucket(name) {
  if (!args.autoCreateBuckets && !createdBuckets.has(name)) {
    throw new HttpError(404, 'notFound', 'The specified bucket does not exist.');
  }
}

function createBucket(name) {
  createdBuckets.add(name);
  storageLayer.createBucket(name);
}

const app = express();
app.disable('x-powered-by');
app.disable('etag');

if (args.token) {
  const expected = `Bearer ${args.token}`;
  app.use((req, res, next) => {
    if (req.header('authorization') !== expected) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/"');
      sendError(res, new HttpError(401, 'required', 'Invalid Credentials', { locationType: 'header', location: 'Authorization' }));
      return;
    }
    next();
  });
}

// method override (the Java client sends POST + X-HTTP-Method-Override: PATCH) and the /storage/v1 alias of PATCH
app.use((req, res, next) => {
  const override = req.header('x-http-method-override');
  if (req.method === 'POST' && override) {
    req.method = override.toUpperCase();
  }
  if (req.method === 'PATCH' && req.url.startsWith('/storage/v1/b/')) {
    req.url = req.url.slice('/storage/v1'.length);
  }
  next();
});

app.post(['/storage/v1/b', '/b'], handler(async (req, res) => {
  const body = parseJson(await readBody(req), 'the bucket resource');
  const name = body.name || req.query.name;
  if (!name) {
    throw new HttpError(400, 'required', 'the bucket name is missing');
  }
  if (createdBuckets.has(name)) {
    throw new HttpError(409, 'conflict', 'Your previous request to create the named bucket succeeded and you already own it.');
  }
  createBucket(name);
  res.status(200).json(bucketJson(name));
}));

app.get(['/storage/v1/b', '/b'], handler(async (req, res) => {
  res.status(200).json({ kind: 'storage#buckets', items: [...createdBuckets].sort().map(bucketJson) });
}));

app.get(['/storage/v1/b/:bucket', '/b/:bucket'], handler(async (req, res) => {
  requireKnownBucket(req.params.bucket);
  res.status(200).json(bucketJson(req.params.bucket));
}));

app.delete(['/storage/v1/b/:bucket', '/b/:bucket'], handler(async (req, res) => {
  requireKnownBucket(req.params.bucket);
  const listing = await storageLayer.listObjects({ bucketId: req.params.bucket, prefix: '', delimiter: '' });
  if (listing.items && listing.items.length > 0) {
    throw new HttpError(409, 'conflict', 'The bucket you tried to delete is not empty.');
  }
  createdBuckets.delete(req.params.bucket);
  buckets.delete(req.params.bucket);
  res.status(204).end();
}));

// every request that names a bucket needs an existing one, as on real GCS
app.use((req, res, next) => {
  const apiPath = /^\/(?:(?:upload|download)\/storage\/v1\/|storage\/v1\/)?b\/([^/?]+)/.exec(req.path);
  let bucket = apiPath ? decodeURIComponent(apiPath[1]) : undefined;
  if (!apiPath && req.method === 'GET') {
    const first = req.path.split('/')[1] || '';
    if (!RESERVED_ROOTS.has(first)) {
      bucket = decodeURIComponent(first);
    }
  }
  if (bucket !== undefined && !args.autoCreateBuckets && !createdBuckets.has(bucket)) {
    sendError(res, new HttpError(404, 'notFound', 'The specified bucket does not exist.'));
    return;
  }
  next();
});

app.post('/upload/storage/v1/b/:bucket/o', handler(startUpload));
app.put('/upload/storage/v1/b/:bucket/o', handler(continueResumable));
app.delete('/upload/storage/v1/b/:bucket/o', handler(async (req, res) => {
  sessions.delete(String(req.query.upload_id || ''));
  res.status(499).end();
}));

// a read of a generation that is not the live one finds nothing, as on a bucket without versioning
app.get(['/storage/v1/b/:bucket/o/:object', '/download/storage/v1/b/:bucket/o/:object', '/b/:bucket/o/:object'],
  (req, res, next) => {
    if (req.query.generation !== undefined) {
      const current = storageLayer.getMetadata(req.params.bucket, req.params.object);
      if (!current || String(current.generation) !== String(req.query.generation)) {
        sendError(res, new HttpError(404, 'notFound',
          `No such object: ${req.params.bucket}/${req.params.object}#${req.query.generation}`));
        return;
      }
    }
    next();
  });

app.use('/', createCloudEndpoints({ adminStorageLayer: storageLayer, uploadService }));

app.use((error, req, res, next) => { // eslint-disable-line no-unused-vars
  process.stderr.write(`gcs-emulator: ${req.method} ${req.url} failed: ${error.stack || error}\n`);
  sendError(res, error);
});

const server = app.listen(args.port, args.host, () => {
  const { port } = server.address();
  const info = { name: 'storage', host: args.host, port };
  EmulatorRegistry.set('storage', { getName: () => 'storage', getInfo: () => info });
  const host = args.host.includes(':') ? `[${args.host}]` : args.host;
  process.stdout.write(`GCS_EMULATOR_READY http://${host}:${port}\n`);
});
server.keepAliveTimeout = 30000;
server.on('error', (error) => {
  process.stderr.write(`gcs-emulator: cannot listen on ${args.host}:${args.port}: ${error.message}\n`);
  process.exit(4);
});

let stopping = false;
function stop(code) {
  if (stopping) {
    return;
  }
  stopping = true;
  server.close();
  if (server.closeAllConnections) {
    server.closeAllConnections();
  }
  try {
    fs.rmSync(ownsDataDir ? dataDir : blobDir, { recursive: true, force: true });
  } catch (e) {
    // best effort
  }
  process.exit(code);
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
if (args.exitWithStdin) {
  process.stdin.on('end', () => stop(0));
  process.stdin.on('error', () => stop(0));
  process.stdin.resume();
}
