// The paused-reader rows: how much one client that stops reading (and keeps answering
// pings, and floods events that each earn an ack) costs everyone else. The real app runs
// in a server child with posts flowing; healthy clients in a prober child ask on a fixed
// schedule and GET /healthz is polled. The same window is measured with no attack, then
// while test/helpers/paused-reader.ts attacks (reconnecting each time the server closes
// it): at a steady rate, where what matters is that it stopped reading, and as fast as
// the server reads, where the flood itself is most of the cost. The attacker shares the
// load core at a lower priority, standing in for a machine of its own.
import { readFileSync } from 'node:fs';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { child, LOAD_CORE, reply, SERVER_CORE, wait } from './children.ts';
import type { FromServer, ToServer } from './fanout-server.ts';
import type { FromProber, ProbeOptions, Probes, ToProber } from './prober.ts';
import type { FromPausedReader, PausedReaderOptions } from '../test/helpers/paused-reader.ts';

const ATTACKER = new URL('../test/helpers/paused-reader.ts', import.meta.url);
const ATTACKER_NICE = 19;
const WARM_MS = 1_000; // the attack runs this long before its window opens: kernel buffers full, reconnects under way
const PROBE_TIMEOUT = 60_000; // ms for the prober's report (it waits for late answers itself)
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100; // /proc/<pid>/stat units

export interface AttackRun {
  file: string; // replay file from writeReplayFile
  terms: number;
  rate: number; // posts per second flowing meanwhile
  clients: number; // healthy clients asking
  windowMs: number;
  attacks: Array<{ name: string; eventsPerSecond?: number }>; // unset rate: as fast as the server reads
}

export interface AttackRow {
  name: string; // 'no attack', or the attack's
  asked: number; // healthy requests in the window
  answered: number;
  ackP50: number; // ms; unanswered requests count with what they had waited
  ackP99: number;
  ackMax: number;
  healthAsked: number;
  healthAnswered: number;
  healthP99: number;
  serverCpuPct: number; // of one core, from /proc (a frozen server cannot report on itself)
  eldP99Ms: number; // the server's event-loop delay, if it could answer in time
  attacker?: { connections: number; closedByServer: number; sent: number };
}

export async function runAttack(run: AttackRun): Promise<AttackRow[]> {
  const server = child(new URL('./fanout-server.ts', import.meta.url), ['app', run.file, String(run.rate), '0'], SERVER_CORE);
  const procs: ChildProcess[] = [server];
  try {
    const { port } = await reply<Extract<FromServer, { type: 'ready' }>>(server, 'ready');
    const url = `http://127.0.0.1:${port}`;
    const options: ProbeOptions = { url, clients: run.clients, terms: run.terms };
    const prober = child(new URL('./prober.ts', import.meta.url), [JSON.stringify(options)], LOAD_CORE);
    procs.push(prober);
    await reply<Extract<FromProber, { type: 'ready' }>>(prober, 'ready');

    const measure = async (name: string): Promise<AttackRow> => {
      prober.send({ type: 'record' } satisfies ToProber);
      server.send({ type: 'measure' } satisfies ToServer);
      const cpu0 = cpuSeconds(server.pid!);
      const t0 = performance.now();
      await wait(run.windowMs);
      const cpu = (cpuSeconds(server.pid!) - cpu0) / ((performance.now() - t0) / 1000);
      prober.send({ type: 'stop' } satisfies ToProber);
      server.send({ type: 'report' } satisfies ToServer);
      const [probes, window] = await Promise.all([
        reply<Extract<FromProber, { type: 'report' }>>(prober, 'report', PROBE_TIMEOUT),
        reply<Extract<FromServer, { type: 'report' }>>(server, 'report').catch(() => null),
      ]);
      const acks = summary(probes.acks);
      const health = summary(probes.health);
      return {
        name, asked: acks.asked, answered: acks.answered, ackP50: acks.p50, ackP99: acks.p99, ackMax: acks.max,
        healthAsked: health.asked, healthAnswered: health.answered, healthP99: health.p99,
        serverCpuPct: cpu * 100, eldP99Ms: window?.eldP99Ms ?? Number.NaN,
      };
    };

    const rows = [await measure('no attack')];
    for (const { name, eventsPerSecond } of run.attacks) {
      const attack: PausedReaderOptions = { url, durationMs: WARM_MS + run.windowMs + 1_000, eventsPerSecond };
      const attacker = child(ATTACKER, [JSON.stringify(attack)], LOAD_CORE, { nice: ATTACKER_NICE });
      procs.push(attacker);
      const done = reply<Extract<FromPausedReader, { type: 'done' }>>(attacker, 'done', attack.durationMs + PROBE_TIMEOUT).catch(() => null);
      // A server still choking on the last attack may not let this one join: measure that too
      await reply<Extract<FromPausedReader, { type: 'attacking' }>>(attacker, 'attacking').catch(() => null);
      await wait(WARM_MS);
      const attacked = await measure(name);
      const result = await done;
      const attackerRow = result ? { connections: result.connections, closedByServer: result.closedByServer, sent: result.sent } : undefined;
      rows.push({ ...attacked, attacker: attackerRow });
    }
    return rows;
  } finally {
    for (const proc of procs) if (proc.connected && proc !== server) proc.send({ type: 'close' } satisfies ToProber);
    await wait(200);
    for (const proc of procs) if (proc.exitCode === null) proc.kill();
  }
}

/** User plus system CPU seconds a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name, which sits in parentheses and may hold spaces
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
  } catch {
    return Number.NaN;
  }
}

function summary({ answered, waiting }: Probes) {
  const all = [...answered, ...waiting].sort((a, b) => a - b);
  const at = (q: number) => (all.length ? all[Math.min(all.length - 1, Math.ceil(q * all.length) - 1)]! : Number.NaN);
  return { asked: all.length, answered: answered.length, p50: at(0.5), p99: at(0.99), max: all.at(-1) ?? Number.NaN };
}
