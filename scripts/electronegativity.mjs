#!/usr/bin/env node
// Runs Doyensec's Electronegativity over the Electron sources and fails on any
// finding that is not in build/electronegativity-allowlist.json.
//
//   node scripts/electronegativity.mjs [--root DIR] [--allowlist FILE] [--sarif FILE] [--keep] [DIR...]
//
//   DIR...        folders (relative to --root) to scan; default: electron renderer shared
//   --root        project root (default: the folder above this script)
//   --allowlist   default: <root>/build/electronegativity-allowlist.json
//   --sarif       also copy the tool's SARIF report to FILE (e.g. for CI upload)
//   --keep        keep the temporary staging/output folder and print its path
//
// Allow-list entry: { "check": "CHECK_ID", "file": "electron/main.ts", "reason": "..." },
// matched on check id + file, not line. Project-wide (global) findings have file "N/A".
// Checks that report different problems under one rule id use the tool's message
// key as check id, so allow-listing one problem cannot hide another, e.g.
// CSP_GLOBAL_CHECK_NO_CSP vs CSP_GLOBAL_CHECK_WEAK_CSP, LIMIT_NAVIGATION_GLOBAL_CHECK_NONE_FOUND.
//
// Exit status 1 when: a finding is not allow-listed, a source file could not be
// parsed/checked by the tool (its findings would otherwise be lost silently), an
// allow-list entry is stale or malformed, a source contains an inline
// `eng-disable` suppression (suppressions must go through the reviewed allow-list),
// or the tool itself fails. Files the JS parser only partially recovered count
// as not scanned too.
//
// How it runs the tool:
// * in-process through its programmatic API (dist/runner.js), which, unlike the
//   CLI, returns the list of files it failed to parse;
// * Electron version passed explicitly (node_modules/electron/package.json);
// * the tool's network access is disabled: its `got` dependency is replaced by a
//   stub that rejects immediately (translations then come from the bundled
//   en-US locale) and AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK (which downloads
//   Electron's release list, ~12 s of retries offline) is excluded together
//   with ELECTRON_VERSION_JSON_CHECK, whose only use is to feed it;
// * sources are copied to a temp dir first so that one scan covers electron/,
//   renderer/ and shared/ together (the "global" checks look for patterns
//   across the whole scan) and so that .mts/.cts/.mjs/.cjs files, which the tool
//   silently ignores, are scanned too (staged as <name>.mts.ts etc. and mapped
//   back to the real name in the report);
// * test files (*.test.*, *.spec.*, __tests__/, __mocks__/) are not scanned.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const started = performance.now();
const SCRIPT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const opts = { root: SCRIPT_ROOT, allowlist: null, sarif: null, keep: false, dirs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) fatal(`missing value for ${a}`);
      return argv[++i];
    };
    if (a === '--root') opts.root = path.resolve(next());
    else if (a === '--allowlist') opts.allowlist = path.resolve(next());
    else if (a === '--sarif') opts.sarif = path.resolve(next());
    else if (a === '--keep') opts.keep = true;
    else if (a === '-h' || a === '--help') {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 11).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else if (a.startsWith('-')) fatal(`unknown option ${a}`);
    else opts.dirs.push(a);
  }
  if (opts.dirs.length === 0) opts.dirs = ['electron', 'renderer', 'shared'];
  opts.allowlist ??= path.join(opts.root, 'build', 'electronegativity-allowlist.json');
  return opts;
}

class Fatal extends Error {}
function fatal(msg) {
  throw new Fatal(msg);
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`electronegativity: ERROR: ${e.message}`);
  process.exit(1);
}
const rel = (p) => path.relative(opts.root, p).split(path.sep).join('/');

// ---------------------------------------------------------------- tool + versions
function locateTool() {
  const projectRequire = createRequire(path.join(SCRIPT_ROOT, 'package.json'));
  let dir;
  try {
    dir = path.dirname(projectRequire.resolve('@doyensec/electronegativity/package.json'));
  } catch {
    fatal('@doyensec/electronegativity is not installed (devDependency)');
  }
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  let electron;
  try {
    electron = JSON.parse(fs.readFileSync(path.join(SCRIPT_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    fatal('cannot read node_modules/electron/package.json (needed for an explicit Electron version)');
  }
  if (!/^\d+\.\d+\.\d+/.test(electron ?? '')) fatal(`unexpected Electron version "${electron}"`);
  return { enegDir: dir, enegVersion: version, electronVersion: electron };
}
let enegDir, enegVersion, electronVersion;

// Babel parser plugins added on top of the tool's defaults (jsx, typescript,
// decorators-legacy, ...). decoratorAutoAccessors = TS 4.9+ `accessor` fields.
const PARSER_PLUGINS = ['decoratorAutoAccessors'];
// Checks that need the network; see header comment.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck', 'ElectronVersionJSONCheck'];

// ---------------------------------------------------------------- allow-list
function loadAllowlist(file) {
  const problems = [];
  const invalid = new Set();
  let entries;
  try {
    entries = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fatal(`cannot read allow-list ${file}: ${e.message}`);
  }
  if (!Array.isArray(entries)) fatal(`allow-list ${file} must be a JSON array`);
  const seen = new Set();
  entries.forEach((e, i) => {
    const where = `allow-list entry #${i}`;
    const before = problems.length;
    if (e === null || typeof e !== 'object' || Array.isArray(e)) return problems.push(`${where}: not an object`);
    const extra = Object.keys(e).filter((k) => !['check', 'file', 'reason'].includes(k));
    if (extra.length) problems.push(`${where}: unknown key(s) ${extra.join(', ')}`);
    if (typeof e.check !== 'string' || !/^[A-Z0-9_]+$/.test(e.check)) problems.push(`${where}: "check" must be an upper-case check id`);
    if (typeof e.file !== 'string' || e.file === '' || e.file.includes('\\') || path.isAbsolute(e.file))
      problems.push(`${where}: "file" must be a repo-relative posix path, or "N/A" for project-wide (global) findings`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 15) problems.push(`${where}: "reason" must explain why the finding does not apply`);
    const key = `${e.check}\u0000${e.file}`;
    if (seen.has(key)) problems.push(`${where}: duplicate of an earlier entry (${e.check} ${e.file})`);
    seen.add(key);
    if (problems.length > before) invalid.add(i);
  });
  return { entries, problems, invalid };
}

// ---------------------------------------------------------------- staging
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', 'coverage', '.git', '__tests__', '__mocks__']);
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/i;
const NATIVE_EXT = new Set(['.ts', '.tsx', '.js', '.jsx', '.html', '.htm']);
// extensions the tool ignores -> suffix that makes it parse them with the right parser
const RENAMED_EXT = { '.mts': '.ts', '.cts': '.ts', '.mjs': '.js', '.cjs': '.js' };

function* walk(dir) {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) {
      if (!SKIP_DIRS.has(d.name)) yield* walk(p);
    } else if (d.isFile()) yield p;
  }
}

function stage(stageDir) {
  const map = new Map(); // staged relative path -> original relative path
  const suppressions = [];
  const scannedDirs = [];
  const add = (src) => {
    const original = rel(src);
    const ext = path.extname(src).toLowerCase();
    let stagedRel = original;
    if (RENAMED_EXT[ext]) stagedRel += RENAMED_EXT[ext];
    else if (!NATIVE_EXT.has(ext) && path.basename(src) !== 'package.json') return;
    const dst = path.join(stageDir, stagedRel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    const text = fs.readFileSync(src, 'utf8');
    fs.writeFileSync(dst, text);
    map.set(stagedRel, original);
    text.split('\n').forEach((line, i) => {
      if (/eng-disable/i.test(line)) suppressions.push(`${original}:${i + 1}`);
    });
  };
  for (const d of opts.dirs) {
    const abs = path.resolve(opts.root, d);
    if (!fs.existsSync(abs)) continue;
    scannedDirs.push(rel(abs) || '.');
    if (fs.statSync(abs).isFile()) add(abs);
    else for (const f of walk(abs)) if (!TEST_FILE.test(f)) add(f);
  }
  const pkg = path.join(opts.root, 'package.json'); // npm scripts: CUSTOM_ARGUMENTS_JSON_CHECK etc.
  if (fs.existsSync(pkg) && !map.has('package.json')) add(pkg);
  return { map, suppressions, scannedDirs };
}

// ---------------------------------------------------------------- run the tool
async function runTool(stageDir, sarifPath) {
  const enegRequire = createRequire(path.join(enegDir, 'dist', 'runner.js'));
  // Offline stub for the tool's HTTP client (translations download; releases list).
  const gotPath = enegRequire.resolve('got');
  const offline = () => Promise.reject(new Error('network disabled by scripts/electronegativity.mjs'));
  offline.head = offline;
  offline.get = offline;
  offline.default = offline;
  enegRequire.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] };

  const run = enegRequire('./runner.js');
  const savedLang = process.env.LANG;
  const savedLog = console.log;
  const toolOutput = [];
  process.env.LANG = 'en-US'; // locale bundled with the tool
  console.log = (...args) => toolOutput.push(args.join(' '));
  let result;
  try {
    result = await run({
      input: stageDir,
      output: sarifPath,
      isSarif: true,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: electronVersion,
      parserPlugins: PARSER_PLUGINS,
    }, false);
  } finally {
    console.log = savedLog;
    if (savedLang === undefined) delete process.env.LANG;
    else process.env.LANG = savedLang;
  }
  const noise = toolOutput.filter((l) => !/Could not retrieve updated translations/.test(l));
  if (noise.length) console.log(noise.map((l) => `[electronegativity] ${l}`).join('\n'));
  return result;
}

// The tool writes the SARIF file with an un-awaited fs.writeFile: wait for it.
async function readSarif(file, expected) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const sarif = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (sarif.runs?.[0]?.results?.length === expected) return sarif;
    } catch { /* not written yet */ }
    if (Date.now() > deadline) throw new Error(`SARIF output ${file} missing or incomplete`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---------------------------------------------------------------- main
const clip = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eneg-'));
const stageDir = path.join(tmp, 'src');
const sarifPath = path.join(tmp, 'electronegativity.sarif');
fs.mkdirSync(stageDir);
let exitCode = 1;

try {
  ({ enegDir, enegVersion, electronVersion } = locateTool());
  const allow = loadAllowlist(opts.allowlist);
  const { map, suppressions, scannedDirs } = stage(stageDir);
  const sourceCount = [...map.keys()].filter((f) => path.basename(f) !== 'package.json').length;
  if (sourceCount === 0) fatal(`no source files found under ${opts.dirs.join(', ')} in ${opts.root}`);
  const original = (f) => (f === 'N/A' || f === 'file:///' ? 'N/A' : (map.get(f.split(path.sep).join('/')) ?? f));

  const result = await runTool(stageDir, sarifPath);
  const sarif = await readSarif(sarifPath, result.issues.length);
  if (opts.sarif) {
    fs.mkdirSync(path.dirname(opts.sarif), { recursive: true });
    fs.copyFileSync(sarifPath, opts.sarif);
  }

  // Some checks report several different problems under one rule id (e.g. CSP_GLOBAL_CHECK: no CSP /
  // maybe-weak / weak / unparsable). Use the tool's own message key (e.g. CSP_GLOBAL_CHECK_MAYBE_WEAK_CSP)
  // as the check id for those, so that allow-listing one variant does not hide another one.
  const messages = JSON.parse(fs.readFileSync(path.join(enegDir, 'dist', 'locales', 'en-US.json'), 'utf8'));
  const checkId = (ruleId, text) => {
    if (messages[ruleId] === text) return ruleId;
    return Object.keys(messages).find((k) => k.startsWith(`${ruleId}_`) && messages[k] === text) ?? ruleId;
  };

  // findings: location/rule from the SARIF report, severity/confidence from the API result (same order)
  const findings = sarif.runs[0].results.map((r, i) => {
    const loc = r.locations?.[0]?.physicalLocation;
    const issue = result.issues[i] ?? {};
    if (issue.id !== r.ruleId) throw new Error('SARIF report and API result disagree');
    const file = original(loc?.artifactLocation?.uri ?? 'N/A');
    return {
      check: checkId(r.ruleId, r.message?.text),
      rule: r.ruleId,
      file,
      line: file === 'N/A' ? 0 : (issue.location?.line ?? loc?.region?.startLine ?? 0),
      severity: issue.severity?.name ?? '?',
      confidence: issue.confidence?.name ?? '?',
      description: r.message?.text ?? '',
    };
  }).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.check.localeCompare(b.check));

  const used = new Set();
  for (const f of findings) {
    const i = allow.entries.findIndex((e) => e.check === f.check && e.file === f.file);
    f.allowed = i >= 0 ? allow.entries[i] : null;
    if (i >= 0) used.add(i);
  }
  const stale = allow.entries.filter((_, i) => !used.has(i) && !allow.invalid.has(i));
  const parseErrors = result.errors.map((e) => ({ file: original(path.relative(stageDir, e.file)), message: String(e.message).split('\n')[0], tolerable: e.tolerable }));
  const bad = findings.filter((f) => !f.allowed);

  // ---- report
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`electronegativity ${enegVersion} | Electron ${electronVersion} | ${result.globalChecks + result.atomicChecks} checks | ${sourceCount} source files in ${scannedDirs.join(', ')}${map.has('package.json') ? ' + package.json' : ''}`);
  if (findings.length) {
    const rows = findings.map((f) => [
      f.allowed ? 'allowed' : 'FAIL',
      f.check,
      f.file === 'N/A' ? 'N/A (project-wide)' : `${f.file}:${f.line}`,
      `${f.severity}/${f.confidence}`,
      f.allowed ? clip(f.allowed.reason, 90) : `${f.description} https://github.com/doyensec/electronegativity/wiki/${f.rule}`,
    ]);
    const head = ['STATUS', 'CHECK', 'LOCATION', 'SEVERITY/CONF', 'REASON (allowed) / PROBLEM'];
    const w = head.slice(0, 4).map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    for (const r of [head, ...rows]) console.log(r.map((v, c) => (c < 4 ? v.padEnd(w[c]) : v)).join('  '));
  }
  for (const e of parseErrors)
    console.log(`SCAN ERROR   ${e.file}: ${e.message} (${e.tolerable ? 'parser recovered; findings may be incomplete' : 'tool could not parse/check this file: ALL its findings are missing'})`);
  for (const p of allow.problems) console.log(`ALLOW-LIST   ${p}`);
  for (const e of stale) console.log(`STALE        allow-list entry ${e.check} ${e.file} matches no finding: remove it`);
  for (const s of suppressions) console.log(`SUPPRESSION  ${s}: inline "eng-disable" comment; use ${rel(opts.allowlist)} instead`);

  const failed = bad.length + parseErrors.length + allow.problems.length + stale.length + suppressions.length;
  exitCode = failed ? 1 : 0;
  console.log(
    `electronegativity: ${failed ? 'FAIL' : 'OK'}: ${findings.length} finding(s), ${findings.length - bad.length} allow-listed, ${bad.length} not allowed; ` +
    `${parseErrors.length} file(s) not scanned; ${stale.length} stale + ${allow.problems.length} invalid allow-list entr${stale.length + allow.problems.length === 1 ? 'y' : 'ies'}; ` +
    `${suppressions.length} inline suppression(s); ${secs}s`,
  );
  if (opts.keep) console.log(`electronegativity: staged sources and SARIF kept in ${tmp}`);
} catch (e) {
  console.error(`electronegativity: ERROR: ${e instanceof Fatal ? e.message : (e?.stack ?? e)}`);
  exitCode = 1;
} finally {
  if (!opts.keep) fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
