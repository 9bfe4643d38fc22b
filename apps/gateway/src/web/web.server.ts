import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CommonErrorCode } from '@grid122/contracts';
import { GatewayEnv } from '../config/gateway.env';
import { renderErrors } from '../open311/open311.format';
import { cacheControlFor, classify, isApiPath, resolveDist } from './web.paths';

const NOT_BUILT = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>grid122 指挥中心</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.6">
<h1>网页尚未构建 · The web page is not built</h1>
<p>运行 <code>npm run build</code>（或在 apps/hub-web 中运行 <code>vite build</code>）后刷新。</p>
<p>Run <code>npm run build</code> (or <code>vite build</code> in apps/hub-web) and reload. The API is at <a href="/api/docs">/api/docs</a>.</p>
</body></html>`;

/**
 * The page is served straight from Fastify (not a Nest controller) so the auth guard and the
 * interceptors never see it. A GET that no API route matched lands here: files of the build with
 * long caching for hashed assets, index.html (no-cache) for client-side routes, the uniform JSON
 * 404 for anything under the API prefixes. The dist folder is looked up on each request, so a
 * build made after start-up is served without a restart.
 */
@Injectable()
export class WebServer implements OnModuleInit {
  private readonly logger = new Logger('WebServer');
  readonly root: string;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    env: GatewayEnv,
  ) {
    this.root = resolveDist(env.WEB_DIST);
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (!existsSync(join(this.root, 'index.html'))) this.logger.warn(`web page not built: ${this.root}/index.html is missing (serving a note at /)`);
    void fastify.register(async (scope) => {
      // serve: false: only reply.sendFile, our route decides what is sent.
      await scope.register(fastifyStatic, { root: this.root, serve: false, wildcard: false, cacheControl: false, etag: true, lastModified: true });
      scope.get('/*', (req, reply) => this.handle(req, reply));
      scope.get('/', (req, reply) => this.handle(req, reply));
    });
  }

  private async handle(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const pathname = req.url.split('?')[0];
    if (pathname.startsWith('/open311/')) {
      // Open311 clients read the spec's error list only (XML for a `.xml` path).
      const out = renderErrors(pathname.endsWith('.xml') ? 'xml' : 'json', [{ code: 404, description: `Cannot GET ${pathname}: see discovery.xml` }]);
      return reply.status(404).type(out.contentType).send(out.body);
    }
    if (isApiPath(pathname)) {
      return reply.status(404).type('application/json; charset=utf-8').send({ statusCode: 404, code: CommonErrorCode.NotFound, message: `Cannot GET ${pathname}`, details: null, requestId: req.id });
    }
    const target = classify(pathname);
    if (target.kind === 'file' && this.isFile(target.rel)) {
      return reply.header('cache-control', cacheControlFor(target.rel)).sendFile(target.rel, this.root);
    }
    if (target.kind === 'file' || target.kind === 'missing') {
      return reply.status(404).header('cache-control', 'no-cache').type('text/plain; charset=utf-8').send('Not found');
    }
    if (!this.isFile('index.html')) return reply.status(200).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', this.root);
  }

  private isFile(rel: string): boolean {
    try {
      return statSync(join(this.root, rel)).isFile();
    } catch {
      return false;
    }
  }
}
