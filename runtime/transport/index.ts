/** Public names of runtime/transport. */
export * from './types.ts';
export { Bus, type Envelope, type BusSubscriber, type Delivery, type FaultHook } from './Bus.ts';
export { InProcessBus, type InProcessBusOptions } from './InProcessBus.ts';
export { parseSubject, matchTokens } from './subject.ts';
export { NatsTransport } from './NatsTransport.ts';
export { type NatsTransportOptions, type NatsTlsOptions } from './natsOptions.ts';
