import { Body, Controller, type MiddlewareConsumer, Module, Post, RequestMethod } from "@nestjs/common";

// A Nest app's own code, written with the decorators called as functions: the repository's
// tsconfig has no `experimentalDecorators`, which Nest's decorators are written for.

/** A controller of the app's own: `POST /echo` answers the JSON body Nest parsed. */
export class EchoController {
  echo(body: unknown): { received: unknown } {
    return { received: body };
  }
}
Controller("echo")(EchoController);
Post()(EchoController.prototype, "echo", Object.getOwnPropertyDescriptor(EchoController.prototype, "echo")!);
Body()(EchoController.prototype, "echo", 0);

/** The app's root module: only the controller (the routers go on with `app.use` or `app.register`). */
export class AppModule {}
Module({ controllers: [EchoController] })(AppModule);

/**
 * A root module that mounts `handlers` as Nest middleware on POST routes (`consumer.apply().forRoutes()`):
 * Nest runs them after its own body parsers.
 */
export function moduleWithMiddleware(handlers: Array<(req: never, res: never, next: () => void) => void>) {
  class MiddlewareModule {
    configure(consumer: MiddlewareConsumer): void {
      consumer.apply(...handlers).forRoutes({ path: "doku/*path", method: RequestMethod.POST });
    }
  }
  Module({ controllers: [EchoController] })(MiddlewareModule);
  return MiddlewareModule;
}
