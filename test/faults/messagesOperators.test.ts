/**
 * Message faults under operator applies (issue 7 item 3), on a 24 × 18 grid chunked along one and
 * along both axes: halo exchanges (derivatives, Laplacian), redistributions (Roll, FFT) and algebra
 * compositions, forward and adjoint, in simulation with a seeded injector. Every run either gives the
 * fault-free bits or ends in a timeout error; never another number, never a hang.
 */
import { describeOperatorFaults } from './operatorFaults.ts';

describeOperatorFaults('faults/message faults under operator applies: the fault-free bits or a timeout error', [
  { name: 'chunked along axis 0', shape: [24, 18], chunks: [3, 1] },
  { name: 'chunked along both axes (4 blocks on 3 actors)', shape: [24, 18], chunks: [2, 2] },
]);
