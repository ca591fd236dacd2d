/** Test helpers of the runtime (real nats-server processes). Not part of the public API. */
export { NatsServer, NatsServerError, type NatsServerOptions, freePort, startNatsServer } from './natsServer.ts';
export { NatsCluster, NatsClusterError, type NatsClusterOptions, startNatsCluster, bindable } from './natsCluster.ts';
