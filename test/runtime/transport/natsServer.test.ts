/** The nats-server test helper: free ports, readiness, stop/kill/restart by PID, JetStream, cleanup. */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { NatsServerError, startNatsServer } from '../../../runtime/testing/index.ts';

/** Connects with plain TCP and returns the server's INFO JSON. */
function info(port: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const sock = tcpConnect(port, '127.0.0.1');
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString();
      const line = buf.split('\r\n')[0]!;
      if (buf.includes('\r\n')) {
        sock.destroy();
        resolve(JSON.parse(line.replace(/^INFO /, '')));
      }
    });
    sock.on('error', reject);
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startNatsServer', function () {
  it('starts servers on distinct free loopback ports, never 4222, that answer with INFO', async function () {
    const [s1, s2] = await Promise.all([startNatsServer(), startNatsServer()]);
    try {
      expect(s1.port).to.not.equal(s2.port);
      for (const s of [s1, s2]) {
        expect(s.port).to.not.equal(4222);
        expect(s.url).to.equal(`nats://127.0.0.1:${s.port}`);
        expect((await info(s.port)).port).to.equal(s.port);
      }
    } finally {
      await Promise.all([s1.stop(), s2.stop()]);
    }
  });

  it('enables JetStream when asked', async function () {
    const s = await startNatsServer({ jetstream: true });
    try {
      expect((await info(s.port)).jetstream).to.equal(true);
    } finally {
      await s.stop();
    }
  });

  it('stops the process by PID and removes its temporary directory', async function () {
    const s = await startNatsServer({ jetstream: true });
    expect(existsSync(s.tempDir)).to.equal(true);
    const pid = s.pid!;
    expect(alive(pid)).to.equal(true);
    await s.stop();
    expect(alive(pid)).to.equal(false);
    expect(s.pid).to.equal(undefined);
    expect(existsSync(s.tempDir)).to.equal(false);
    const err = await info(s.port).then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
  });

  it('comes back on the same port after a kill', async function () {
    const s = await startNatsServer();
    try {
      const pid = s.pid!;
      await s.kill();
      expect(alive(pid)).to.equal(false);
      await s.restart();
      expect(s.pid).to.not.equal(pid);
      expect((await info(s.port)).port).to.equal(s.port);
    } finally {
      await s.stop();
    }
  });

  it('rejects with NatsServerError carrying the server output when the arguments are bad', async function () {
    const err = await startNatsServer({ args: ['--no-such-flag'] }).then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(NatsServerError);
    expect((err as NatsServerError).output).to.match(/no-such-flag/);
  });
});
