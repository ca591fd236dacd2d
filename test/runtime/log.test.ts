/** Logging: quiet by default, level from option or env, actor context, credentials redacted. */
import { expect } from 'chai';
import { REDACTED, actorLogger, createLogger, type LoggerOptions } from '../../runtime/log.ts';

/** A logger writing into an array of parsed JSON lines. */
function capture(options: Omit<LoggerOptions, 'destination'> = {}) {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const log = createLogger({ ...options, destination: { write: (s: string) => void (raw.push(s), lines.push(JSON.parse(s))) } });
  return { log, lines, raw };
}

describe('Logging', function () {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.ACTORLOPS_LOG_LEVEL;
    delete process.env.ACTORLOPS_LOG_LEVEL;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.ACTORLOPS_LOG_LEVEL;
    else process.env.ACTORLOPS_LOG_LEVEL = saved;
  });

  it('writes nothing by default, even errors', function () {
    const { log, lines } = capture();
    log.error('boom');
    expect(log.level).to.equal('silent');
    expect(lines).to.deep.equal([]);
  });

  it('takes the level from ACTORLOPS_LOG_LEVEL, and the option over the variable', function () {
    process.env.ACTORLOPS_LOG_LEVEL = 'debug';
    const fromEnv = capture();
    fromEnv.log.debug('d');
    fromEnv.log.trace('t');
    expect(fromEnv.lines.map((l) => l.msg)).to.deep.equal(['d']);
    const fromOption = capture({ level: 'warn' });
    fromOption.log.info('i');
    fromOption.log.warn('w');
    expect(fromOption.lines.map((l) => l.msg)).to.deep.equal(['w']);
  });

  it('stays silent when ACTORLOPS_LOG_LEVEL holds an unknown level', function () {
    process.env.ACTORLOPS_LOG_LEVEL = 'loud';
    expect(capture().log.level).to.equal('silent');
  });

  it('puts cluster, actor and epoch on every line of an actor logger', function () {
    const { log, lines } = capture({ level: 'info' });
    actorLogger(log, { cluster: 'c7', actor: 3, epoch: 2 }).info({ iter: 1 }, 'step');
    expect(lines[0]).to.include({ cluster: 'c7', actor: 3, epoch: 2, iter: 1, msg: 'step', name: 'actorlops' });
  });

  const secrets: { name: string; fields: Record<string, unknown>; secret: string }[] = [
    { name: 'a token', fields: { token: 'T0KEN-1' }, secret: 'T0KEN-1' },
    { name: 'a password (pass)', fields: { user: 'alice', pass: 'hunter2-x' }, secret: 'hunter2-x' },
    { name: 'a password (password)', fields: { password: 'pw-secret-9' }, secret: 'pw-secret-9' },
    { name: 'an nkey seed', fields: { nkeySeed: 'SUAEXAMPLESEED' }, secret: 'SUAEXAMPLESEED' },
    { name: 'an nkey', fields: { nkey: 'SUANKEY2' }, secret: 'SUANKEY2' },
    { name: 'creds contents', fields: { creds: '-----BEGIN NATS USER JWT-----eyJ0' }, secret: 'eyJ0' },
    { name: 'a token nested in options', fields: { options: { servers: 'nats://h:1', token: 'NESTED-T' } }, secret: 'NESTED-T' },
    { name: 'a password two levels down', fields: { conn: { auth: { pass: 'DEEP-PASS' } } }, secret: 'DEEP-PASS' },
    { name: 'a password in a server URL', fields: { servers: 'nats://bob:url-pass-3@10.0.0.1:4222' }, secret: 'url-pass-3' },
    { name: 'a password in a list of server URLs', fields: { servers: ['nats://h:1', 'nats://bob:list-pass@h:2'] }, secret: 'list-pass' },
  ];
  for (const { name, fields, secret } of secrets) {
    it(`redacts ${name}`, function () {
      const { log, raw } = capture({ level: 'info' });
      actorLogger(log, { cluster: 'c', actor: 0, epoch: 0 }).info(fields, 'connecting');
      expect(raw).to.have.length(1);
      expect(raw[0]).to.not.include(secret);
      expect(raw[0]).to.include(REDACTED);
    });
  }

  it('keeps the non-secret fields of a redacted line', function () {
    const { log, lines } = capture({ level: 'info' });
    log.info({ user: 'alice', pass: 'x', servers: 'nats://bob:p@h:4222' }, 'c');
    expect(lines[0]).to.include({ user: 'alice', pass: REDACTED, servers: `nats://${REDACTED}@h:4222` });
  });
});
