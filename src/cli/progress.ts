import cliProgress from 'cli-progress';

export interface Progress {
  update(value: number, total?: number): void;
  stop(): void;
}

/** A progress bar on stderr for long commands; plain lines when stderr is not a terminal (CI, logs). */
export function progressBar(label: string, total: number): Progress {
  if (!process.stderr.isTTY) {
    let lastPrinted = -1;
    return {
      update(value, newTotal) {
        const t = newTotal ?? total;
        const percent = t > 0 ? Math.floor((value / t) * 100) : 100;
        if (percent >= lastPrinted + 10 || (percent === 100 && lastPrinted !== 100)) {
          lastPrinted = percent;
          process.stderr.write(`${label}: ${value}/${t} (${percent}%)\n`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update(value, newTotal) {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(value);
    },
    stop() {
      bar.stop();
    },
  };
}
