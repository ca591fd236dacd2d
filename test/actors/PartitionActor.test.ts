import { expect } from 'chai';
import { ChunkGrid } from '../../actors/chunks.ts';
import { ClusterCore } from '../../actors/ClusterCore.ts';
import { Driver } from '../../actors/Driver.ts';
import { ActorCommandError, ActorRestartedError } from '../../actors/errors.ts';
import { PartitionActor } from '../../actors/PartitionActor.ts';
import { registerCommand } from '../../actors/registry.ts';
import { encodeMessage } from '../../actors/wire.ts';
import { ctlSubject } from '../../runtime/cluster/subjects.ts';
import { Bus } from '../../runtime/transport/Bus.ts';
import { InProcessBus } from '../../runtime/transport/InProcessBus.ts';
import { NDArray } from '../../operators/core/NDArray.ts';

describe('actors/PartitionActor', () => {
  let bus: Bus;
  let actor: PartitionActor;
  let driver: Driver;
  let core: ClusterCore;
  let transports: InProcessBus[];

  beforeEach(() => {
    bus = new Bus();
    transports = [new InProcessBus(bus), new InProcessBus(bus)];
    actor = new PartitionActor({ transport: transports[0], cluster: 'test', actor: 'a0' });
    driver = new Driver(transports[1], 'test');
    driver.epochs.set('a0', actor.epoch);
    core = new ClusterCore(driver, ['a0']);
  });
  afterEach(async () => {
    actor.stop();
    driver.close();
    await Promise.all(transports.map((t) => t.close()));
  });

  it('applies a duplicated in-place command once and answers the duplicate from its cache', async () => {
    const x = core.fromArray(NDArray.fromNested([1, 2]), { chunks: [1] });
    const y = core.fromArray(NDArray.fromNested([10, 20]), { chunks: [1] });
    const args = { out: y.id, x: x.id, y: y.id, alpha: 1, blocks: [0] };
    await Promise.all([x.ready, y.ready]);
    const first = driver.command('a0', 'axpy', args, 'same-key');
    const second = driver.command('a0', 'axpy', args, 'same-key');
    await Promise.all([first, second]);
    await driver.command('a0', 'axpy', args, 'same-key');
    expect((await y.toArray()).toNested()).to.deep.equal([11, 22]);
    expect(actor.stats.duplicates).to.equal(2);
  });

  it('logs, counts and drops a malformed message and keeps serving', async () => {
    const bad = await transports[1].request(ctlSubject('test', 'a0'), new Uint8Array([0xc1, 0xff, 3]), { timeout: 1000 });
    expect(bad.data.length).to.be.above(0);
    transports[1].publish(ctlSubject('test', 'a0'), encodeMessage({ c: 'noop' })); // no idempotency key
    await driver.command('a0', 'noop', {});
    expect(actor.stats.malformed).to.equal(2);
    expect(actor.stats.handled).to.equal(1);
  });

  it('answers an unknown command with a ProtocolError and counts it as malformed', async () => {
    const err = await driver.command('a0', 'no-such-command', {}).catch((e) => e);
    expect(err).to.be.instanceOf(ActorCommandError).with.property('remote', 'ProtocolError');
    expect(actor.stats.malformed).to.equal(1);
  });

  it('refuses a command for another epoch with ActorRestartedError', async () => {
    driver.epochs.set('a0', actor.epoch - 1);
    const err = await driver.command('a0', 'noop', {}).catch((e) => e);
    expect(err).to.be.instanceOf(ActorRestartedError).with.property('actor', 'a0');
  });

  it('runs a command added through the registry without touching the actor', async () => {
    registerCommand<{ id: string }>('test.blockCount', { arrays: (a) => [a.id], run: (ctx, a) => ctx.part(a.id).blocks.size });
    const x = core.zeros([9], { chunks: [3] });
    expect(await driver.command('a0', 'test.blockCount', { id: x.id })).to.equal(3);
  });

  it('keeps per-array order for pipelined commands while other arrays proceed', async () => {
    const grid = new ChunkGrid([4], [2]);
    const x = core.fromArray(NDArray.ones([4]), { chunks: grid.toJSON() });
    const steps = Array.from({ length: 50 }, () => x.scaleInPlace(2));
    const other = core.zeros([4]);
    await Promise.all([...steps, other.ready]);
    expect(await x.norm(Infinity)).to.equal(2 ** 50);
  });
});
