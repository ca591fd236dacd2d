/**
 * Message faults under operator applies whose transfers travel in many chunks: connections with 8 KiB
 * payloads (bulk chunks of 4 KiB), a 24 × 600 grid in 3 × 2 blocks, so a halo row is 2 chunks and a
 * block about 10; chunks are then lost, doubled and reordered inside a transfer. Same table and claim
 * as messagesOperators.test.ts.
 */
import { describeOperatorFaults } from './operatorFaults.ts';

describeOperatorFaults('faults/message faults under operator applies with transfers in many chunks: the fault-free bits or a timeout error', [
  { name: 'a 24 × 600 grid in 3 × 2 blocks, 8 KiB payloads', shape: [24, 600], chunks: [3, 2], transport: { maxPayload: 8192 } },
]);
