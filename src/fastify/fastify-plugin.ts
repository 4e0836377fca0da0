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
  write(reply, answer, closeConnection) {
    reply.hijack();
    NODE_PORT.write(reply.raw, answer, closeConnection);
  },
};

export const FASTIFY_DEFAULTS: AdapterDefaults<FastifyRequest> = {
  requestTarget: defaultRequestTarget,
  pathRequired: true,
};

// Leaves the body unread, whatever its Content-Type, for the pipeline to read from `request.raw`.
function leaveUnread(_request: FastifyRequest, _payload: unknown, done: (error: null) => void): void {
  done(null);
}

/**
 * The pipeline as a Fastify plugin for one POST route. Fastify's parsers are removed in the
 * plugin's own context only, so the app's other routes keep theirs.
 */
export function createFastifyPlugin<Options extends FastifyPluginOptions>(
  name: string,
  resolve: (options: Options) => ReceiverParts<FastifyRequest>,
): FastifyPluginAsync<Options> {
  // Not wrapped in fastify-plugin: registered in a context of its own, its parser stays there.
  const plugin: FastifyPluginAsync<Options> = async (instance, options) => {
    const parts = resolve(options);
    const receive = createReceiver(parts, FASTIFY_PORT);
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser("*", leaveUnread);
    instance.post(parts.config.path as string, async (request, reply) => {
      if (isClosing(request.raw)) {
        // Behind an answer that closes the connection: not processed, nothing written.
        reply.hijack();
        return;
      }
      await receive(request, request.headers, reply);
    });
  };
  Object.defineProperty(plugin, "name", { value: name });
  return plugin;
}
