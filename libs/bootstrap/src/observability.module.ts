import { DynamicModule, Global, Module } from '@nestjs/common';
import { Metrics } from '@grid122/observability';

@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(app: string): DynamicModule {
    const metrics = { provide: Metrics, useValue: new Metrics(app) };
    return { module: ObservabilityModule, providers: [metrics], exports: [Metrics] };
  }
}
