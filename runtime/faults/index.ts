/** Barrel of runtime/faults: seeded fault injection for the simulation bus. */
export { FaultInjector, type FaultCounts, type FaultInjectorOptions, type FaultRates } from './injector.ts';
