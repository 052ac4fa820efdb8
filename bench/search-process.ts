/** The search Lambda's handler behind the local HTTP adapter, in its own process (as the bench loads it). */
import { spawn, type ChildProcess } from 'node:child_process';

export async function startSearchProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/search-server.ts'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'INFO' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n') && line) {
        resolve(line.trim());
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume(); // request logs: drained, not kept
      }
    });
    child.once('exit', (code) => reject(new Error(`search server exited with ${code}`)));
  });
  return { url, child };
}
