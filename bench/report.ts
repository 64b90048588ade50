// Turns one bench run into a printed table, a markdown note, latest.json and an SVG chart.
import type { AttackRow } from './attack.ts';
import type { ClusterRow } from './cluster.ts';
import type { FanoutRow } from './fanout.ts';
import type { MatcherRow, MixedRow, SharedWordRow } from './matcher.ts';

export interface BenchResult {
  date: string;
  quick: boolean;
  machine: { cpus: number; node: string; pinned: boolean; loadAverage: number[] };
  matcher: MatcherRow[];
  sharedWord: SharedWordRow | null;
  mixed: MixedRow | null;
  fanout: FanoutRow[];
  cluster: ClusterRow | null; // null when redis-server is not installed
  pausedReader: AttackRow[];
  startupMs: Record<string, number>;
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
const ratio = (n: number) => (Number.isFinite(n) ? `${fmt(n, n < 10 ? 2 : 0)}×` : 'n/a');

/** Markdown tables: each row carries the same-run reference and the ratio to it. */
export function tables(result: BenchResult): string {
  const lines: string[] = [];
  const ten = result.matcher[0]?.indexPostsPerSec ?? Number.NaN;
  lines.push('### Matcher (one core, posts/s)', '');
  lines.push('| terms | index posts/s | naive regex loop posts/s (reference) | index ÷ naive | index ÷ index at fewest terms | matches/post |');
  lines.push('|---:|---:|---:|---:|---:|---:|');
  for (const row of result.matcher) {
    const naive = `${fmt(row.naivePostsPerSec, row.naivePostsPerSec < 100 ? 1 : 0)}${row.naiveExtrapolated ? ' (extrapolated)' : ''}`;
    lines.push(`| ${fmt(row.terms)} | ${fmt(row.indexPostsPerSec)} | ${naive} | ${ratio(row.ratio)} | ${ratio(row.indexPostsPerSec / ten)} | ${fmt(row.matchesPerPost, 3)} |`);
  }
  const shared = result.sharedWord;
  if (shared) {
    lines.push('', `### Matcher, ${fmt(shared.terms)} terms sharing "${shared.word}" (every post contains it; reference: as many ordinary terms, same posts)`, '');
    lines.push('| µs/post, shared word | µs/post, ordinary terms (reference) | ratio | candidates checked/post, shared (ordinary) |');
    lines.push('|---:|---:|---:|---:|');
    lines.push(`| ${fmt(1e6 / shared.sharedPostsPerSec, 2)} | ${fmt(1e6 / shared.normalPostsPerSec, 2)} | ${ratio(shared.ratio)} | ${fmt(shared.sharedChecksPerPost, 2)} (${fmt(shared.normalChecksPerPost, 2)}) |`);
  }
  const mixed = result.mixed;
  if (mixed) {
    lines.push('', `### Matcher, mixed languages, ${fmt(mixed.terms)} terms (${fmt(mixed.unspacedShare * 100)}% of posts in Japanese, Chinese, Korean or Thai; reference: English-only posts and terms, same run)`, '');
    lines.push('| mixed posts/s | English-only posts/s (reference) | ratio | matches/post, mixed |');
    lines.push('|---:|---:|---:|---:|');
    lines.push(`| ${fmt(mixed.mixedPostsPerSec)} | ${fmt(mixed.englishPostsPerSec)} | ${ratio(mixed.ratio)} | ${fmt(mixed.mixedMatchesPerPost, 3)} |`);
  }
  lines.push('', '### Fan-out end to end (reference: bare Socket.IO room broadcast at the same size, same run)', '');
  lines.push('| sockets | server | posts/s in | deliveries/s | lost | CPU µs/delivery (ref, ratio) | p50 / p95 / p99 ms (ref p99, ratio) | heap KB/socket (ref, ratio) | RSS KB/socket | ELD p99 ms |');
  lines.push('|---:|---|---:|---:|---:|---|---|---|---:|---:|');
  for (const row of result.fanout) {
    const hot = row.name.startsWith('hot: ');
    const ref = result.fanout.find((r) => r.sockets === row.sockets && r.name === (hot ? 'hot: bare Socket.IO' : 'bare Socket.IO'));
    const cpu = ref && ref !== row ? `${fmt(row.cpuMicrosPerDelivery, 1)} (${fmt(ref.cpuMicrosPerDelivery, 1)}, ${ratio(row.cpuMicrosPerDelivery / ref.cpuMicrosPerDelivery)})` : fmt(row.cpuMicrosPerDelivery, 1);
    const lat = ref && ref !== row ? `${row.p50} / ${row.p95} / ${row.p99} (${ref.p99}, ${ratio(row.p99 / ref.p99)})` : `${row.p50} / ${row.p95} / ${row.p99}`;
    const heap = ref && ref !== row ? `${fmt(row.heapPerSocketKB, 1)} (${fmt(ref.heapPerSocketKB, 1)}, ${ratio(row.heapPerSocketKB / ref.heapPerSocketKB)})` : fmt(row.heapPerSocketKB, 1);
    const lost = `${fmt(row.lost)} of ${fmt(row.expected)}${row.connectFailures ? `, ${row.connectFailures} sockets failed to connect` : ''}`;
    lines.push(`| ${fmt(row.sockets)} | ${row.name} | ${fmt(row.postsPerSec)} | ${fmt(row.deliveriesPerSec)} | ${lost} | ${cpu} | ${lat} | ${heap} | ${fmt(row.rssPerSocketKB, 1)} | ${fmt(row.eldP99Ms, 1)} |`);
  }
  const cluster = result.cluster;
  if (cluster) {
    const one = result.fanout.find((row) => row.name === 'app' && row.sockets === cluster.sockets);
    const vs = (a: number, b: number | undefined, digits = 1) => (b === undefined ? fmt(a, digits) : `${fmt(a, digits)} (${fmt(b, digits)}, ${ratio(a / b)})`);
    lines.push('', `### Cluster (${cluster.nodes} nodes on one Redis, the sockets split evenly; reference: the one-node \`app\` row, same sockets and posts, same run)`, '');
    lines.push('| sockets | posts/s in | deliveries/s (ref, ratio) | lost | nodes\' CPU µs/delivery, summed (ref, ratio) | p50 / p95 / p99 ms (ref p99, ratio) | Redis CPU µs/post |');
    lines.push('|---:|---:|---|---:|---|---|---:|');
    const lat = `${cluster.p50} / ${cluster.p95} / ${cluster.p99}${one ? ` (${one.p99}, ${ratio(cluster.p99 / one.p99)})` : ''}`;
    lines.push(`| ${fmt(cluster.sockets)} | ${fmt(cluster.postsPerSec)} | ${vs(cluster.deliveriesPerSec, one?.deliveriesPerSec, 0)} | ${fmt(cluster.lost)} of ${fmt(cluster.expected)} | ${vs(cluster.cpuMicrosPerDelivery, one?.cpuMicrosPerDelivery)} | ${lat} | ${fmt(cluster.redisMicrosPerPost, 1)} |`);
  }
  const quiet = result.pausedReader.find((row) => row.name === 'no attack');
  if (quiet) {
    lines.push('', '### A paused reader (one client stops reading, answers pings, floods acked events; reference: no attack, same run)', '');
    lines.push('| run | healthy acks answered | ack p50 / p99 / max ms (ref p99, ratio) | /healthz answered, p99 ms | server CPU % of a core (ref, ratio) | ELD p99 ms | attacker: closed by server / connections, events sent |');
    lines.push('|---|---:|---|---|---|---:|---|');
    for (const row of result.pausedReader) {
      const ref = row === quiet ? null : quiet;
      const ack = `${fmt(row.ackP50, 1)} / ${fmt(row.ackP99, 1)} / ${fmt(row.ackMax, 1)}${ref ? ` (${fmt(ref.ackP99, 1)}, ${ratio(row.ackP99 / ref.ackP99)})` : ''}`;
      const cpu = `${fmt(row.serverCpuPct)}${ref ? ` (${fmt(ref.serverCpuPct)}, ${ratio(row.serverCpuPct / ref.serverCpuPct)})` : ''}`;
      const attacker = row.attacker ? `${fmt(row.attacker.closedByServer)} / ${fmt(row.attacker.connections)}, ${fmt(row.attacker.sent)}` : row === quiet ? '' : 'n/a (no report)';
      lines.push(`| ${row.name} | ${fmt(row.answered)} of ${fmt(row.asked)} | ${ack} | ${fmt(row.healthAnswered)} of ${fmt(row.healthAsked)}, ${fmt(row.healthP99, 1)} | ${cpu} | ${fmt(row.eldP99Ms, 1)} | ${attacker} |`);
    }
  }
  lines.push('', '### Start-up (to first byte of GET /, median)', '');
  for (const [command, ms] of Object.entries(result.startupMs)) lines.push(`- \`${command}\`: ${fmt(ms)} ms`);
  return lines.join('\n');
}

export function markdown(result: BenchResult): string {
  const { machine } = result;
  return [
    `# Stream Search bench, ${result.date}${result.quick ? ' (quick: tiny sizes, not comparable)' : ''}`,
    '',
    `Node ${machine.node}, ${machine.cpus} cores, load average at start ${machine.loadAverage.map((n) => n.toFixed(2)).join(' / ')}.`,
    machine.pinned
      ? 'Server pinned to core 0 and load generators to core 1 with `taskset`; other work on the machine still shares both cores.'
      : 'No `taskset`: server and load generators share the cores.',
    'Latency is from the post\'s `created_at` (stamped in ms when the source emits it) to its arrival in a client, so it is quantised to 1 ms.',
    'In the paused-reader table a request still unanswered when its window closed counts with the time it had waited; the attacker floods at a steady rate or as fast as the server reads, connects again each time the server closes it, and runs on the load core at `nice 19`, standing in for a machine of its own.',
    '',
    tables(result),
    '',
    '![scaling](scaling.svg)',
    '',
  ].join('\n');
}

/** Two small line charts side by side: per-post cost against terms, and p99 against sockets. */
export function svg(result: BenchResult): string {
  const W = 360;
  const H = 240;
  const pad = { l: 56, r: 28, t: 28, b: 40 };
  const chart = (x0: number, title: string, xLabel: string, yLabel: string, series: Array<{ name: string; color: string; points: Array<[number, number]> }>, log: boolean) => {
    const xs = series.flatMap((s) => s.points.map(([x]) => x));
    const ys = series.flatMap((s) => s.points.map(([, y]) => y)).filter(Number.isFinite);
    const [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
    const maxY = log ? Math.max(...ys) * 2 : Math.max(1e-9, ...ys) * 1.15;
    const minY = log ? Math.min(...ys) / 2 : 0;
    const tx = (x: number) => {
      const f = log ? (Math.log10(x) - Math.log10(minX)) / (Math.log10(maxX) - Math.log10(minX) || 1) : (x - minX) / (maxX - minX || 1);
      return x0 + pad.l + f * (W - pad.l - pad.r);
    };
    const fy = (y: number) => (log ? (Math.log10(y) - Math.log10(minY)) / (Math.log10(maxY) - Math.log10(minY)) : y / maxY);
    const ty = (y: number) => pad.t + (1 - fy(y)) * (H - pad.t - pad.b);
    const parts = [
      `<text x="${x0 + W / 2}" y="16" text-anchor="middle" font-weight="bold">${title}</text>`,
      `<line x1="${x0 + pad.l}" y1="${H - pad.b}" x2="${x0 + W - pad.r}" y2="${H - pad.b}" stroke="#333"/>`,
      `<line x1="${x0 + pad.l}" y1="${pad.t}" x2="${x0 + pad.l}" y2="${H - pad.b}" stroke="#333"/>`,
      `<text x="${x0 + W / 2}" y="${H - 6}" text-anchor="middle">${xLabel}</text>`,
      `<text x="${x0 + 12}" y="${H / 2}" text-anchor="middle" transform="rotate(-90 ${x0 + 12} ${H / 2})">${yLabel}</text>`,
      `<text x="${x0 + pad.l - 4}" y="${pad.t + 4}" text-anchor="end">${fmt(maxY, maxY < 10 ? 1 : 0)}</text>`,
      `<text x="${x0 + pad.l - 4}" y="${H - pad.b}" text-anchor="end">${fmt(minY, minY < 10 ? 1 : 0)}</text>`,
    ];
    for (const x of [...new Set(xs)]) parts.push(`<text x="${tx(x)}" y="${H - pad.b + 14}" text-anchor="middle">${fmt(x)}</text>`);
    series.forEach((s, i) => {
      const pts = s.points.filter(([, y]) => Number.isFinite(y));
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.map(([x, y]) => `${tx(x).toFixed(1)},${ty(y).toFixed(1)}`).join(' ')}"/>`);
      for (const [x, y] of pts) parts.push(`<circle cx="${tx(x).toFixed(1)}" cy="${ty(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
      parts.push(`<text x="${x0 + pad.l + 8}" y="${pad.t + 14 + i * 14}" fill="${s.color}">${s.name}</text>`);
    });
    return parts.join('\n');
  };
  const byName = (name: string) => result.fanout.filter((r) => r.name === name).map((r) => [r.sockets, r.p99] as [number, number]);
  const names = [...new Set(result.fanout.filter((r) => !r.name.startsWith('hot') && !r.name.includes('no bufferutil')).map((r) => r.name))];
  const colors = ['#888', '#0a6', '#36c', '#c60'];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W * 2}" height="${H}" font-family="sans-serif" font-size="11">`,
    '<rect width="100%" height="100%" fill="#fff"/>',
    chart(0, 'Matcher: µs per post vs terms', 'distinct terms (log-log)', 'µs per post', [
      { name: 'term index', color: '#0a6', points: result.matcher.map((r) => [r.terms, 1e6 / r.indexPostsPerSec]) },
      { name: 'naive regex loop', color: '#c33', points: result.matcher.map((r) => [r.terms, 1e6 / r.naivePostsPerSec]) },
    ], true),
    chart(W, 'Fan-out: p99 latency vs sockets', 'sockets', 'p99 ms', names.map((name, i) => ({ name, color: colors[i % colors.length]!, points: byName(name) })), false),
    '</svg>',
    '',
  ].join('\n');
}
