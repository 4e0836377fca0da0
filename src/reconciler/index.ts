// The reconciler: payments whose notification never came, found with Check Status.
export { createReconciler, type Reconciler } from "./create-reconciler";
export type { PendingOrder } from "./order-schedule";
export type { OnReconciledPayment, ReconcilerContext } from "./reconciler-context";
export type { FoundOutcome, ReconcilerEvent, ReconcilerEventSink, SweepResult } from "./reconciler-events";
export type { ReconcilerOptions } from "./reconciler-options";
