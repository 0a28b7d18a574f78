/**
 * Where a component reports progress: one line per call, without a trailing newline. Commands pass
 * one that writes to their output stream; library callers pass their own (or none, for silence).
 */
export type Logger = (message: string) => void;

/** The logger that says nothing: the default wherever a caller passes none. */
export const silentLogger: Logger = () => {};
