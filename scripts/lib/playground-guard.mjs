/**
 * Runs the Agents Playground as its own child and takes it down when the process that started it goes away,
 * even by SIGKILL (the IPC channel closes). Without it a killed `npm start` left the Playground running,
 * and the next start silently talked to the old one.
 * argv: <playground bin> <args…>; forked with an IPC channel.
 */
import { spawn } from 'node:child_process';
import { setTimeout } from 'node:timers';

const [bin, ...args] = process.argv.slice(2);
const child = spawn(bin, args, { stdio: 'inherit', env: process.env });
let stopping = false;

function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  setTimeout(() => child.kill('SIGKILL'), 3000).unref();
}

process.on('disconnect', () => stop('SIGTERM')); // the starter is gone
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT')); // Ctrl-C reaches the whole process group; wait for the child
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on('error', (error) => {
  process.stderr.write(`Agents Playground could not start: ${error.message}\n`);
  process.exit(1);
});
