import { expect } from 'chai';
import { InvalidParameterError } from '../../operators/core/errors.ts';
import { attachServers, serverList } from '../../runtime/cluster/servers.ts';

const A = 'nats://127.0.0.11:4001';
const B = 'nats://127.0.0.12:4002';
const C = 'nats://127.0.0.13:4003';

describe('runtime/cluster/servers: server lists and worker attachment', () => {
  const lists: [string, string | string[], string[]][] = [
    ['one URL', A, [A]],
    ['an array', [A, B, C], [A, B, C]],
    ['a comma-separated string', `${A},${B},${C}`, [A, B, C]],
    ['commas and spaces, empty items dropped', ` ${A}, ${B},,${C} `, [A, B, C]],
    ['an array of comma-separated strings', [`${A},${B}`, C], [A, B, C]],
  ];
  for (const [name, input, want] of lists) it(`reads ${name}`, () => expect(serverList(input)).to.deep.equal(want));

  for (const bad of ['', ' , ', [], [3]] as unknown[]) {
    it(`rejects ${JSON.stringify(bad)} with InvalidParameterError naming servers`, () => {
      expect(() => serverList(bad as string)).to.throw(InvalidParameterError).with.property('parameter', 'servers');
    });
  }

  const attach: [string, Parameters<typeof attachServers>[0], number, string[]][] = [
    ['spread puts worker 0 on the first node', 'spread', 0, [A]],
    ['spread puts worker 2 on the third node', 'spread', 2, [C]],
    ['spread wraps worker 4 round to the second node', 'spread', 4, [B]],
    ['all gives every node', 'all', 1, [A, B, C]],
    ['a function decides', (k, s) => s[s.length - 1 - k], 0, [C]],
  ];
  for (const [name, policy, k, want] of attach) it(name, () => expect(attachServers(policy, [A, B, C], k)).to.deep.equal(want));

  it('rejects an unknown policy with InvalidParameterError naming attach', () => {
    expect(() => attachServers('nearest' as 'all', [A], 0)).to.throw(InvalidParameterError).with.property('parameter', 'attach');
  });
});
