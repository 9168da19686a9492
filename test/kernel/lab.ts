// A throwaway FTP network built from Linux network namespaces: client, optional
// router, server running vsftpd with a passive range. Rulesets are loaded with
// the real nft/iptables-restore and transfers are real curl/lftp runs, so a fix
// is proven by the kernel, not by our own model. Every command is bounded by a
// timeout; namespaces, processes and temp dirs are removed in `close()` and,
// should the test process die first, by an exit handler.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PASSIVE_MIN = 50000;
export const PASSIVE_MAX = 50099;
const COMMAND_TIMEOUT_MS = 10_000;
const CURL_MAX_TIME_S = 4;
export const FILE_NAME = 'hello.txt';
export const FILE_BODY = 'fwlint lab transfer\n';

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a program with a hard timeout; a timeout shows as status 124, like timeout(1). */
export function run(program: string, args: readonly string[], timeoutMs = COMMAND_TIMEOUT_MS): CommandResult {
  const started = performance.now();
  const r = spawnSync(program, args, { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' });
  const status = r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? 124 : (r.status ?? 125);
  return { status, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : ''), ms: performance.now() - started };
}

function must(program: string, args: readonly string[]): CommandResult {
  const r = run(program, args);
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  return r;
}

function onPath(program: string): boolean {
  return run('sh', ['-c', `command -v ${program}`]).status === 0;
}

/** Why the lab cannot run here, or undefined when it can. */
export function labUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'kernel lab needs Linux network namespaces';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'kernel lab needs root (ip netns, nft, iptables-restore)';
  for (const p of ['ip', 'nft', 'iptables-restore', 'vsftpd', 'curl']) if (!onPath(p)) return `kernel lab needs ${p}, which is not installed`;
  const probe = `fwl-${process.pid}-probe`;
  const add = run('ip', ['netns', 'add', probe]);
  if (add.status !== 0) return `ip netns does not work here: ${add.stderr.trim()}`;
  run('ip', ['netns', 'del', probe]);
  return undefined;
}

// Everything any lab created, so the exit handler can remove it even after a crash.
const liveNamespaces = new Set<string>();
const liveDirs = new Set<string>();
const liveProcesses = new Set<ChildProcess>();
let exitHandlerInstalled = false;

function killNamespaceProcesses(ns: string): void {
  const pids = run('ip', ['netns', 'pids', ns], 3000).stdout.split(/\s+/).filter((p) => /^\d+$/.test(p));
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function removeEverything(): void {
  for (const child of liveProcesses) if (child.exitCode === null) child.kill('SIGKILL');
  liveProcesses.clear();
  for (const ns of liveNamespaces) {
    killNamespaceProcesses(ns);
    run('ip', ['netns', 'del', ns], 3000);
  }
  liveNamespaces.clear();
  for (const d of liveDirs) rmSync(d, { recursive: true, force: true });
  liveDirs.clear();
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', removeEverything);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      removeEverything();
      process.exit(130);
    });
  }
}

let labCounter = 0;

export type Topology = 'two-host' | 'routed';

/** How a ruleset is loaded: nft file, iptables-save file, or shell script calling iptables. */
export type RulesetForm = 'nftables' | 'iptables' | 'shell';

/** Where things are. In `routed`, the client reaches the server through the router's public address. */
export interface Addresses {
  readonly client: string;
  readonly server: string;
  /** What the client connects to: the server itself, or the router's public side. */
  readonly ftpTarget: string;
  readonly routerPublic?: string;
  readonly routerInside?: string;
}

export type ProbeMode = 'passive' | 'pasv' | 'active' | 'lftp';

export interface ProbeResult {
  readonly mode: ProbeMode;
  readonly ok: boolean;
  /** curl/lftp exit status; 28 is curl's timeout. */
  readonly status: number;
  readonly ms: number;
}

export class Lab {
  readonly client: string;
  readonly server: string;
  readonly router?: string;
  readonly addresses: Addresses;
  private readonly dir: string;
  private readonly namespaces: string[] = [];
  private vsftpd?: ChildProcess;

  private constructor(readonly topology: Topology) {
    installExitHandler();
    const prefix = `fwl-${process.pid}-${labCounter++}`;
    this.client = `${prefix}-cli`;
    this.server = `${prefix}-srv`;
    this.router = topology === 'routed' ? `${prefix}-rtr` : undefined;
    this.addresses =
      topology === 'routed'
        ? { client: '203.0.113.2', server: '198.51.100.2', ftpTarget: '203.0.113.1', routerPublic: '203.0.113.1', routerInside: '198.51.100.1' }
        : { client: '198.51.100.2', server: '198.51.100.1', ftpTarget: '198.51.100.1' };
    this.dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    liveDirs.add(this.dir);
  }

  /** Builds the namespaces and links and starts vsftpd; on any failure everything is removed again. */
  static create(topology: Topology): Lab {
    const lab = new Lab(topology);
    try {
      lab.build();
      lab.startFtpServer();
      return lab;
    } catch (e) {
      lab.close();
      throw e;
    }
  }

  private addNamespace(ns: string): void {
    must('ip', ['netns', 'add', ns]);
    liveNamespaces.add(ns);
    this.namespaces.push(ns);
    this.exec(ns, ['ip', 'link', 'set', 'lo', 'up']);
  }

  private link(a: string, aAddr: string, b: string, bAddr: string, tag: string): void {
    const va = `v${tag}a`;
    const vb = `v${tag}b`;
    must('ip', ['link', 'add', va, 'netns', a, 'type', 'veth', 'peer', 'name', vb, 'netns', b]);
    this.exec(a, ['ip', 'addr', 'add', `${aAddr}/24`, 'dev', va]);
    this.exec(b, ['ip', 'addr', 'add', `${bAddr}/24`, 'dev', vb]);
    this.exec(a, ['ip', 'link', 'set', va, 'up']);
    this.exec(b, ['ip', 'link', 'set', vb, 'up']);
  }

  private build(): void {
    const a = this.addresses;
    this.addNamespace(this.client);
    this.addNamespace(this.server);
    if (this.router && a.routerPublic && a.routerInside) {
      this.addNamespace(this.router);
      // Interface names are per namespace, so short fixed names are fine: the router's are vpa (public) and vpi (inside).
      this.link(this.client, a.client, this.router, a.routerPublic, 'p');
      this.link(this.router, a.routerInside, this.server, a.server, 'i');
      this.exec(this.router, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
      this.exec(this.client, ['ip', 'route', 'add', 'default', 'via', a.routerPublic]);
      this.exec(this.server, ['ip', 'route', 'add', 'default', 'via', a.routerInside]);
    } else {
      this.link(this.server, a.server, this.client, a.client, 's');
    }
  }

  /** Router interface names, for rulesets: public side and inside. */
  static readonly ROUTER_PUBLIC_IF = 'vpb';
  static readonly ROUTER_INSIDE_IF = 'via';

  exec(ns: string, argv: readonly string[], timeoutMs = COMMAND_TIMEOUT_MS): CommandResult {
    const r = run('ip', ['netns', 'exec', ns, ...argv], timeoutMs);
    if (r.status !== 0) {
      throw new Error(`in ${ns}: ${argv.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
    }
    return r;
  }

  /** vsftpd in the foreground with its own config: anonymous read-only, passive range, short connect timeout. */
  private startFtpServer(): void {
    const root = join(this.dir, 'anon');
    const empty = join(this.dir, 'empty');
    mkdirSync(join(root, 'pub'), { recursive: true });
    mkdirSync(empty);
    writeFileSync(join(root, 'pub', FILE_NAME), FILE_BODY);
    // The anonymous user must be able to read the tree but never write to it.
    for (const d of [this.dir, root, join(root, 'pub'), empty]) chmodSync(d, 0o755);
    chmodSync(join(root, 'pub', FILE_NAME), 0o644);
    const conf = join(this.dir, 'vsftpd.conf');
    writeFileSync(
      conf,
      [
        'listen=YES',
        'listen_ipv6=NO',
        `listen_address=${this.addresses.server}`,
        'anonymous_enable=YES',
        'local_enable=NO',
        'write_enable=NO',
        `anon_root=${root}`,
        'no_anon_password=YES',
        'pasv_enable=YES',
        `pasv_min_port=${PASSIVE_MIN}`,
        `pasv_max_port=${PASSIVE_MAX}`,
        'port_enable=YES',
        'connect_timeout=5',
        'seccomp_sandbox=NO',
        `secure_chroot_dir=${empty}`,
        'background=NO',
        '',
      ].join('\n'),
    );
    const child = spawn('ip', ['netns', 'exec', this.server, 'vsftpd', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    liveProcesses.add(child);
    this.vsftpd = child;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`vsftpd exited with ${child.exitCode}`);
      const listening = run('ip', ['netns', 'exec', this.server, 'ss', '-Hltn', 'sport = :21'], 3000).stdout.trim();
      if (listening !== '') return;
      run('sleep', ['0.05']);
    }
    throw new Error('vsftpd did not start listening on port 21 within 5 s');
  }

  /** Writes a ruleset into the lab's temp dir and returns its path. */
  writeFile(name: string, text: string): string {
    const p = join(this.dir, name);
    writeFileSync(p, text);
    return p;
  }

  /**
   * Replaces whatever ruleset `ns` has with this file (iptables-nft tables live in
   * nft too, so one flush clears both). Shell scripts run with `sh -e`.
   */
  load(ns: string, form: RulesetForm, file: string): void {
    this.exec(ns, ['nft', 'flush', 'ruleset']);
    if (form === 'nftables') this.exec(ns, ['nft', '-f', file]);
    else if (form === 'iptables') this.exec(ns, ['iptables-restore', file]);
    else this.exec(ns, ['sh', '-e', file]);
  }

  clearAll(): void {
    for (const ns of this.namespaces) this.exec(ns, ['nft', 'flush', 'ruleset']);
  }

  /**
   * One transfer of /pub/FILE from the client namespace; passes only when the body
   * arrives intact. The target defaults to what clients use (the router's public side when routed).
   */
  probe(mode: ProbeMode, target = this.addresses.ftpTarget): ProbeResult {
    const url = `ftp://${target}/pub/${FILE_NAME}`;
    const started = performance.now();
    let r: CommandResult;
    if (mode === 'lftp') {
      const script = `set net:timeout ${CURL_MAX_TIME_S}; set net:max-retries 1; set ftp:passive-mode on; set ftp:prefer-epsv no; cat ${url}; bye`;
      r = run('ip', ['netns', 'exec', this.client, 'timeout', `${CURL_MAX_TIME_S + 2}`, 'lftp', '-c', script], (CURL_MAX_TIME_S + 4) * 1000);
    } else {
      const extra = mode === 'pasv' ? ['--disable-epsv'] : mode === 'active' ? ['-P', '-'] : [];
      r = run('ip', ['netns', 'exec', this.client, 'curl', '-s', '--max-time', `${CURL_MAX_TIME_S}`, ...extra, url], (CURL_MAX_TIME_S + 4) * 1000);
    }
    return { mode, ok: r.status === 0 && r.stdout === FILE_BODY, status: r.status, ms: performance.now() - started };
  }

  /** Namespaces this process created that still exist (none once every lab is closed). */
  static leftovers(): string[] {
    return run('ip', ['netns', 'list']).stdout.split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith(`fwl-${process.pid}-`));
  }

  close(): void {
    if (this.vsftpd && this.vsftpd.exitCode === null) this.vsftpd.kill('SIGKILL');
    if (this.vsftpd) liveProcesses.delete(this.vsftpd);
    for (const ns of this.namespaces) {
      killNamespaceProcesses(ns);
      run('ip', ['netns', 'del', ns], 3000);
      liveNamespaces.delete(ns);
    }
    rmSync(this.dir, { recursive: true, force: true });
    liveDirs.delete(this.dir);
  }
}

/** Runs `argv` (with FILE holding `text`) in a namespace created for it and removed afterwards. */
function inScratchNamespace(fileName: string, text: string, argv: (file: string) => string[]): CommandResult {
  installExitHandler();
  const ns = `fwl-${process.pid}-check${labCounter++}`;
  const dir = mkdtempSync(join(tmpdir(), `${ns}-`));
  liveDirs.add(dir);
  const file = join(dir, fileName);
  writeFileSync(file, text);
  try {
    must('ip', ['netns', 'add', ns]);
    liveNamespaces.add(ns);
    return run('ip', ['netns', 'exec', ns, ...argv(file)]);
  } finally {
    killNamespaceProcesses(ns);
    run('ip', ['netns', 'del', ns], 3000);
    liveNamespaces.delete(ns);
    rmSync(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  }
}

/**
 * Checks a ruleset with the tools' own check mode and then by loading it, in a
 * namespace of its own: `iptables-restore --test` on the nf_tables backend lets
 * a misspelt target through, a real load does not.
 */
export function validateRuleset(dialect: 'nftables' | 'iptables', text: string): CommandResult {
  const [name, check, load] =
    dialect === 'nftables' ? ['rules.nft', 'nft -c -f', 'nft -f'] : ['rules.v4', 'iptables-restore --test', 'iptables-restore'];
  return inScratchNamespace(name, text, (f) => ['sh', '-c', `${check} "$1" && ${load} "$1"`, 'validate', f]);
}

/** Runs a firewall shell script for real (`sh -e`: any refused command fails it) inside a throwaway namespace. */
export function runScriptInNamespace(text: string): CommandResult {
  return inScratchNamespace('firewall.sh', text, (f) => ['sh', '-e', f]);
}

/** Whether the kernel accepts an nft `ct helper` object and its assignment; the FTP helper scenarios need it. */
export function helperSupportProblem(): string | undefined {
  // Loaded for real (validateRuleset does), since `nft -c` alone does not ask the kernel for the helper.
  const r = validateRuleset(
    'nftables',
    [
      'table inet fwlint_probe {',
      '\tct helper ftp-standard {',
      '\t\ttype "ftp" protocol tcp;',
      '\t}',
      '\tchain pre {',
      '\t\ttype filter hook prerouting priority filter; policy accept;',
      '\t\ttcp dport 21 ct helper set "ftp-standard";',
      '\t}',
      '}',
      '',
    ].join('\n'),
  );
  return r.status === 0 ? undefined : `the kernel rejects an nft ct helper for FTP (nf_conntrack_ftp missing?): ${r.stderr.trim()}`;
}
