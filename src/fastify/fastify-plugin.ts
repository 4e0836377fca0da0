import type { FastifyPluginAsync, FastifyPluginOptions, FastifyReply, FastifyRequest } from "fastify";

import { defaultRequestTarget } from "../http/request-target";
import type { AdapterDefaults } from "../inquiry/inquiry-receiver";
import { createReceiver, type ReceiverParts, type RequestPort } from "../pipeline/create-receiver";
import { isClosing, NODE_PORT } from "../pipeline/node-router";

// The body is read from the node:http request and the answer written to its response, as the
// node:http router does: the exact bytes both ways, past Fastify's parsers and onSend hooks.
const FASTIFY_PORT: RequestPort<FastifyRequest, FastifyReply> = {
  readBody: (request, contentLength, limit, timeoutMs) =>
    NODE_PORT.readBody(request.raw, contentLength, limit, timeoutMs),
  // Fastify keeps the URL as called (it strips no prefix): `url`, and `originalUrl` before a rewriteUrl.
  urls: (request) => request,
  // Hijacked when the answer is written, not before: what the pipeline throws earlier (a
  // requestTarget function of the merchant's) goes to Fastify's error handler, its 500.
  write(reply, answer, closeConnection) {
    reply.hijack();
    NODE_PORT.write(reply.raw, answer, closeConnection);
  },
};

export const FASTIFY_DEFAULTS: AdapterDefaults<FastifyRequest> = {
  requestTarget: defaultRequestTarget,
  pathRequired: true,
};

/**
 * The pipeline as a Fastify plugin for one POST route. The request is taken in the route's own
 * `onRequest` hook, before Fastify looks at its Content-Type or parses its body: a DOKU request
 * with an empty or odd Content-Type gets the pipeline's answer and event, not Fastify's 415. The
 * app's `onRequest` hooks run before it; the later stages (body parsing, validation, `preHandler`)
 * never run for this route. The app's other routes keep Fastify's parsers.
 */
export function createFastifyPlugin<Options extends FastifyPluginOptions>(
  name: string,
  resolve: (options: Options) => ReceiverParts<FastifyRequest>,
): FastifyPluginAsync<Options> {
  // Not wrapped in fastify-plugin: registered in a context of its own, as a route of its own.
  const plugin: FastifyPluginAsync<Options> = async (instance, options) => {
    const parts = resolve(options);
    const receive = createReceiver(parts, FASTIFY_PORT);
    instance.post(parts.config.path as string, {
      onRequest: async (request, reply) => {
        // Behind an answer that closes the connection: not processed, nothing written.
        if (isClosing(request.raw)) reply.hijack();
        else await receive(request, request.headers, reply);
        return reply;
      },
      handler: unreachable,
    });
  };
  Object.defineProperty(plugin, "name", { value: name });
  return plugin;
}

// The onRequest hook answers every request of the route and ends its lifecycle there.
/* istanbul ignore next */
function unreachable(): never {
  throw new Error("express-doku: the DOKU route's handler ran past its onRequest hook");
}
