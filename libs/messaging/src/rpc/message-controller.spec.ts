import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { IsString } from 'class-validator';
import { Actor, rpcSubject } from '@grid122/contracts';
import { messageController } from './message-controller';

namespace Greet {
  export const subject = rpcSubject<Request, Reply>('test.greet');
  export class Request {
    @IsString() name!: string;
  }
  export interface Reply {
    text: string;
  }
}

@Injectable()
class Greeter {
  greet(actor: Actor, req: Greet.Request): Greet.Reply {
    return { text: `${req.name} from ${actor.username}` };
  }
}

describe(messageController.name, () => {
  const Ctl = messageController('GreetMessageController', { greeter: Greeter }, (on) => [on(Greet, (s, req, a) => s.greeter.greet(a, req))]);
  const proto = Ctl.prototype as Record<string, (...args: unknown[]) => unknown>;

  it('names the class and injects the services by their classes', () => {
    expect(Ctl.name).toBe('GreetMessageController');
    expect(Reflect.getMetadata('design:paramtypes', Ctl)).toEqual([Greeter]);
  });

  it('makes each line a @MessagePattern handler whose payload is the contract request class (validated) and whose second argument is the actor', () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, proto['test.greet'])).toEqual(['test.greet']);
    expect(Reflect.getMetadata('design:paramtypes', proto, 'test.greet')).toEqual([Greet.Request, Object]);
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Ctl, 'test.greet') as Record<string, { index: number }>;
    expect(Object.values(args).map((a) => a.index).sort()).toEqual([0, 1]);
  });

  it('answers through the injected service', () => {
    const ctl = new Ctl(new Greeter()) as unknown as Record<string, (req: unknown, actor: unknown) => unknown>;
    expect(ctl['test.greet']({ name: '王' }, { username: 'commander' })).toEqual({ text: '王 from commander' });
  });

  it('refuses a table answering one subject twice', () => {
    expect(() => messageController('Twice', { greeter: Greeter }, (on) => [on(Greet, (s, r, a) => s.greeter.greet(a, r)), on(Greet, (s, r, a) => s.greeter.greet(a, r))])).toThrow(/twice/);
  });
});
