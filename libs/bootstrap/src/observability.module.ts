import { DynamicModule, Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Metrics, shutdownTracing } from '@grid122/observability';

/** Exports the spans still buffered when the app closes (nothing when tracing is off). */
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing();
  }
}

@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(app: string): DynamicModule {
    const metrics = { provide: Metrics, useValue: new Metrics(app) };
    return { module: ObservabilityModule, providers: [metrics, TracingShutdown], exports: [Metrics] };
  }
}
