import { benchRequestBody, type BenchQuery } from './bench-queries.js';
import { pacedLoad } from './paced-load.js';

/**
 * The paced load in a process of its own (started by pacedMixInChild): the bench process has just
 * run autocannon and holds its heap, and its pauses would count as the service's latency. Reads
 * its job as JSON from PACED_LOAD_JOB and prints the result as one JSON line.
 */
interface Job {
  url: string;
  headers: Record<string, string>;
  queries: BenchQuery[];
  ids: string[];
  districts: string[];
  rate: number;
  seconds: number;
  /** Seconds at the same rate before the measured run (JIT, sockets), not counted. */
  warmupSeconds: number;
}

const job = JSON.parse(process.env.PACED_LOAD_JOB!) as Job;
const body = (i: number) => benchRequestBody(i, job.queries, job.ids, job.districts);
if (job.warmupSeconds > 0) await pacedLoad(job.url, job.headers, body, job.rate, job.warmupSeconds);
console.log(JSON.stringify(await pacedLoad(job.url, job.headers, body, job.rate, job.seconds)));
