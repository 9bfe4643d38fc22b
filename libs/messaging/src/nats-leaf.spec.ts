import { SERVICES, SUBJECT_PREFIX } from '@grid122/contracts';
import { natsAuthorizationBlock, NATS_APPS } from './nats-auth';
import { districtLeafLink, natsLeafPermissions, natsLeafRemoteBlock, natsLeafRemoteDeny, natsLeafUser, streetLeafLink } from './nats-leaf';

describe('NATS leaf links (federation)', () => {
  it('let the district source only the street incident events, and the street only its own tasks', () => {
    const p = natsLeafPermissions(streetLeafLink('btq', 'street-btq', 'district-gulou'));
    expect(p.subscribe.allow).toContain('$JS.street-btq.API.CONSUMER.CREATE.GRID122_EVENTS.*.evt.office.incident.>');
    expect(p.publish.allow).toContain('$JS.district-gulou.API.CONSUMER.CREATE.DISTRICT_TASKS.*.fed.task.btq.>');
    // nothing but JetStream sourcing crosses: no service, event or task subject, no stream administration
    for (const s of [...p.publish.allow, ...p.subscribe.allow]) {
      expect(s).toMatch(/^\$(JS|JSC)\./);
      expect(s).not.toMatch(/\.API\.(STREAM|ACCOUNT|META|SERVER|DIRECT|INFO)/);
    }
    expect(p.publish.allow.join(' ')).not.toContain('fed.task.jlm');
    // a district under a city sends its events up and takes nothing down
    const up = natsLeafPermissions(districtLeafLink('district-gulou', 'city'));
    expect(up.publish.allow).toEqual(['$JS.S.>', '$JSC.R.>']);
    expect(up.subscribe.allow[0]).toBe('$JS.district-gulou.API.CONSUMER.CREATE.DISTRICT_EVENTS.*.evt.office.incident.>');
  });

  it("the member's remote denies every service subject and its own stream administration", () => {
    const deny = natsLeafRemoteDeny('btq');
    for (const s of SERVICES) expect(deny).toContain(`${SUBJECT_PREFIX[s]}.>`);
    expect(deny).toEqual(expect.arrayContaining(['evt.>', 'fed.>', '_INBOX.>', '$JS.btq.API.STREAM.>', '$JS.btq.API.INFO']));
    const block = natsLeafRemoteBlock('btq', 'nats-leaf://leaf-btq:pw@127.0.0.1:7422', { reconnectSeconds: 1 });
    expect(block).toContain('url: "nats-leaf://leaf-btq:pw@127.0.0.1:7422"');
    expect(block).toContain(`deny_imports: ${JSON.stringify(deny).replace(/","/g, '", "')}`);
  });

  it('puts the leaf users in the hub authorization block, for leaf connections only', () => {
    const passwords = Object.fromEntries(NATS_APPS.map((a) => [a, 'p'.repeat(20)]));
    const link = streetLeafLink('btq', 'btq', 'district');
    const block = natsAuthorizationBlock({ passwords, leafUsers: [{ link, password: '$NATS_PASSWORD_LEAF_BTQ' }] });
    expect(natsLeafUser(link)).toBe('leaf-btq');
    expect(block).toContain('{ user: "leaf-btq", password: $NATS_PASSWORD_LEAF_BTQ, allowed_connection_types: ["LEAFNODE"], permissions:');
  });
});
