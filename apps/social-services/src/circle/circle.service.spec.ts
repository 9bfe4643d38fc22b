import { SocialServicesEnv } from '../config/social-services.env';
import { CircleService } from './circle.service';

describe(CircleService.name, () => {
  const env = Object.assign(new SocialServicesEnv(), { SOCIAL_CIRCLE_MINUTES: 15, SOCIAL_WALK_SPEED_MPS: 1.2 });
  const sut = new CircleService(undefined as never, env, undefined as never);

  it('turns 15 minutes at 1.2 m/s into 1,080 m of straight line', () => {
    expect(sut.walk({})).toEqual({ minutes: 15, speedMps: 1.2, radiusM: 1080 });
  });
  it('takes the caller\'s minutes and speed over the configured ones', () => {
    expect(sut.walk({ minutes: 10, speedMps: 1 }).radiusM).toBe(600);
  });
});
