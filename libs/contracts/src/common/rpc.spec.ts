import * as contracts from '../index';
import { serviceOfSubject } from './rpc';

describe('contract subjects', () => {
  const withSubject = Object.entries(contracts).filter(([, v]) => typeof (v as { subject?: unknown })?.subject === 'string') as [string, { subject: string; Request?: unknown }][];

  it('are found, each with its request class', () => {
    expect(withSubject.length).toBeGreaterThan(200);
    expect(withSubject.filter(([, c]) => typeof c.Request !== 'function').map(([n]) => n)).toEqual([]);
  });

  it('each name the service that answers them by their prefix, and no two contracts share one', () => {
    for (const [, c] of withSubject) expect(() => serviceOfSubject(c.subject)).not.toThrow();
    expect(serviceOfSubject('registry.grid.locate')).toBe('grid-registry');
    expect(serviceOfSubject('social.recipient.list')).toBe('social-services');
    const subjects = withSubject.map(([, c]) => c.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('refuses a subject no service answers', () => {
    expect(() => serviceOfSubject('nobody.thing.do')).toThrow(/nobody\.thing\.do/);
  });
});
